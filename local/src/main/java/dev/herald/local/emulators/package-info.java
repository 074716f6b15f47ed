/**
 * The outside services Herald delivers to, emulated so nothing leaves the machine; each keeps what it
 * received for the dashboard and the tests.
 *
 * <p>Wiring in {@code LocalRuntime}:
 * <pre>{@code
 * ApnsEmulator apns = new ApnsEmulator(0).start();           // TLS, Pushy MockApnsServer; secret herald/apns = apns.secretJson()
 * FcmEmulator fcm = new FcmEmulator(0).start();              // own port; secret herald/fcm = fcm.secretJson()
 * SesEmulator ses = new SesEmulator();                       // edge component: POST /v2/email/outbound-emails
 * }</pre>
 */
package dev.herald.local.emulators;
