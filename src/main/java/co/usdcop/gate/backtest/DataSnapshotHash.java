package co.usdcop.gate.backtest;

import co.usdcop.gate.common.Hashes;
import co.usdcop.gate.features.FeatureVector;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code data_snapshot_hash}: SHA-256 of exactly what a backtest read from the feature store, so a later re-run can
 * tell "same data" from "the features were rebuilt". Per bar, in order, big-endian: ts (epoch seconds, int64; nanos
 * int32), trading date (epoch day, int64), bar number (int32), each market feature as IEEE-754 double bits (all
 * NaNs canonicalised to one pattern), close (double bits), data quality score (double bits). Macro levels and
 * quality flags are not hashed: the engine does not read them.
 */
public final class DataSnapshotHash {

    private DataSnapshotHash() {
    }

    public static String of(List<FeatureVector> bars) {
        MessageDigest digest = Hashes.sha256();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        for (FeatureVector b : bars) {
            int need = 8 + 4 + 8 + 4 + 8 * (b.values().length + 2);
            if (buf.remaining() < need) {
                flush(digest, buf);
                if (buf.capacity() < need) {
                    buf = ByteBuffer.allocate(need);
                }
            }
            buf.putLong(b.ts().getEpochSecond()).putInt(b.ts().getNano());
            buf.putLong(b.tradingDate().toEpochDay()).putInt(b.barNumber());
            for (double v : b.values()) {
                buf.putLong(Double.doubleToLongBits(v));
            }
            buf.putLong(Double.doubleToLongBits(b.close())).putLong(Double.doubleToLongBits(b.dataQualityScore()));
        }
        flush(digest, buf);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void flush(MessageDigest digest, ByteBuffer buf) {
        buf.flip();
        digest.update(buf);
        buf.clear();
    }
}
