/** Push delivery (APNs via Pushy, FCM via firebase-admin) and device registration. */
package dev.herald.push;
