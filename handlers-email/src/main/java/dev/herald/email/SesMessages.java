package dev.herald.email;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.RenderedContent;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.MessageHeader;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * Builds SES v2 {@code SendEmail} requests as {@code Content.Simple} with custom headers: SES writes the
 * MIME (multipart/alternative, encoded subject, DKIM), Herald adds only headers it controls. Every
 * subject and header value passes {@link HeaderText#singleLine}, so event data cannot inject a header.
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_Message.html
 */
final class SesMessages {
    static final String TAG_NOTIFICATION_ID = "notificationId";
    static final String TAG_DELIVERY_ID = "deliveryId";
    static final String TAG_KIND = "heraldKind";

    private final EmailSettings settings;

    SesMessages(EmailSettings settings) {
        this.settings = settings;
    }

    /**
     * A notification email with RFC 8058 one-click unsubscribe
     * (https://www.rfc-editor.org/rfc/rfc8058): {@code List-Unsubscribe: <https://...>} and
     * {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click}, and tags naming the notification and
     * the delivery (the feedback handler finds the ledger row from them).
     */
    SendEmailRequest notification(ChannelMessage m, String address, String unsubscribeUrl) {
        RenderedContent c = m.content();
        List<MessageHeader> headers = List.of(
                header("List-Unsubscribe", "<" + unsubscribeUrl + ">"),
                header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
        List<MessageTag> tags = new ArrayList<>();
        tag(tags, TAG_KIND, "notification");
        tag(tags, TAG_NOTIFICATION_ID, m.notificationId());
        tag(tags, TAG_DELIVERY_ID, m.deliveryId());
        return request(address, c.subject(), c.html(), c.text(), headers, tags);
    }

    /** The confirmation email sent when someone subscribes an address. */
    SendEmailRequest confirmation(String address, String confirmUrl) {
        String subject = "Confirm your email address";
        String text = "Please confirm that you want notifications at this address by opening this link:\n\n"
                + confirmUrl + "\n\nThe link is valid for 7 days. If you did not ask for this, ignore this email.\n";
        String html = "<!DOCTYPE html><html><body><p>Please confirm that you want notifications at this address.</p>"
                + "<p><a href=\"" + Html.escape(confirmUrl) + "\">Confirm my email address</a></p>"
                + "<p>The link is valid for 7 days. If you did not ask for this, ignore this email.</p></body></html>";
        List<MessageTag> tags = new ArrayList<>();
        tag(tags, TAG_KIND, "confirmation");
        return request(address, subject, html, text, List.of(), tags);
    }

    private SendEmailRequest request(String address, String subject, String html, String text,
                                     List<MessageHeader> headers, List<MessageTag> tags) {
        Body.Builder body = Body.builder();
        if (html != null && !html.isBlank()) {
            body.html(utf8(html));
        }
        if (text != null && !text.isBlank()) {
            body.text(utf8(text));
        }
        Message message = Message.builder()
                .subject(utf8(HeaderText.singleLine(subject)))
                .body(body.build())
                .headers(headers)
                .build();
        SendEmailRequest.Builder request = SendEmailRequest.builder()
                .fromEmailAddress(settings.from())
                .destination(d -> d.toAddresses(address))
                .content(EmailContent.builder().simple(message).build())
                .emailTags(tags);
        if (settings.configurationSet() != null) {
            request.configurationSetName(settings.configurationSet());
        }
        return request.build();
    }

    private static MessageHeader header(String name, String value) {
        return MessageHeader.builder().name(name).value(HeaderText.singleLine(value)).build();
    }

    private static void tag(List<MessageTag> tags, String name, String value) {
        String encoded = value == null ? null : SesTags.encode(value);
        if (encoded != null && !encoded.isEmpty()) {
            tags.add(MessageTag.builder().name(name).value(encoded).build());
        }
    }

    private static Content utf8(String data) {
        return Content.builder().data(data).charset("UTF-8").build();
    }
}
