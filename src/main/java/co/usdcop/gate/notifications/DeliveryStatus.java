package co.usdcop.gate.notifications;

import co.usdcop.gate.common.error.InvalidInputException;
import jakarta.persistence.AttributeConverter;
import java.util.Locale;

/**
 * Where a webhook delivery stands; stored lower-case in {@code notification_deliveries.status} (a CHECK lists the
 * keys): pending until delivered, or failed once its attempts are used up.
 */
public enum DeliveryStatus {
    PENDING, DELIVERED, FAILED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a key, case-insensitively; refuses (VALIDATION) anything else. */
    public static DeliveryStatus parse(String value) {
        for (DeliveryStatus s : values()) {
            if (s.key().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return s;
            }
        }
        throw new InvalidInputException("Unknown status '" + value + "'; use pending, delivered or failed.");
    }

    /** Maps a status to its key in {@code notification_deliveries.status}. */
    @jakarta.persistence.Converter
    public static class Column implements AttributeConverter<DeliveryStatus, String> {

        @Override
        public String convertToDatabaseColumn(DeliveryStatus status) {
            return status == null ? null : status.key();
        }

        @Override
        public DeliveryStatus convertToEntityAttribute(String key) {
            return key == null ? null : parse(key);
        }
    }
}
