/**
 * The {@code herald up} dashboard: {@link dev.herald.local.dashboard.Dashboard} is an edge component serving
 * the static page under {@code /} and {@code /dashboard} (files in {@code src/main/resources/dashboard/}) and
 * its JSON endpoints under {@code /dashboard/api/}.
 *
 * <pre>{@code
 * new Dashboard(ws::endpoint, jwt::mint, () -> jwt.mintProducer("dashboard", true), DashboardGuard.random(), apns, fcm, ses, new DynamoDbDeliveryLedger(dynamo, TABLE_DELIVERIES), DemoSeed.USERS)
 * }</pre>
 */
package dev.herald.local.dashboard;
