/** Email delivery (SES v2), the subscription API and the SES feedback handler. */
package dev.herald.email;
