package co.usdcop.gate.market;

/**
 * Remembers the first row number of each long key (a bar's epoch second) without boxing: open addressing with
 * linear probing, so the duplicate check of a file is one probe per row in two primitive arrays.
 */
final class FirstRowByKey {

    private long[] keys = new long[1 << 10];
    private int[] rows = new int[1 << 10];
    private int size;

    /** Stores {@code row} for {@code key} if it is new and returns 0; otherwise returns the earlier row (> 0). */
    int putIfAbsent(long key, int row) {
        if (size * 2 >= keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (rows[i] == 0) {
                keys[i] = key;
                rows[i] = row;
                size++;
                return 0;
            }
            if (keys[i] == key) {
                return rows[i];
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldRows = rows;
        keys = new long[oldKeys.length * 2];
        rows = new int[oldRows.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldRows[i] != 0) {
                putIfAbsent(oldKeys[i], oldRows[i]);
            }
        }
    }
}
