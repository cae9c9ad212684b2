package co.usdcop.gate.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A thread-safe map of at most {@code capacity} entries that drops the least recently used one when full: the
 * memory bound of the read path's in-process caches.
 *
 * @param <K> key
 * @param <V> value
 */
public final class BoundedLru<K, V> {

    private final Map<K, V> entries;

    public BoundedLru(int capacity) {
        this.entries = new LinkedHashMap<>(Math.min(capacity, 64), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The value of {@code key} (marking it recently used), or null. */
    public synchronized V get(K key) {
        return entries.get(key);
    }

    public synchronized void put(K key, V value) {
        entries.put(key, value);
    }

    public synchronized void clear() {
        entries.clear();
    }

    public synchronized int size() {
        return entries.size();
    }
}
