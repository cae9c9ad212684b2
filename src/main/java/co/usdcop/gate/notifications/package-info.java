/**
 * Signed webhooks for the events people must act on: a proposal awaiting a human vote, a hold (REQUEST_MORE_TESTS), a
 * decision, a rollback, a kill-switch change and a drift alert. {@link co.usdcop.gate.notifications.NotificationOutbox}
 * turns an audit row into one outbox row per subscribed endpoint in the audit row's own transaction (so a
 * notification exists exactly when the change committed); {@link co.usdcop.gate.notifications.WebhookDeliverer}
 * posts them with an HMAC-SHA256 signature of the body and retries with exponential backoff. The delivery history
 * is the {@code notificationDeliveries} query.
 */
package co.usdcop.gate.notifications;
