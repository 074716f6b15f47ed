package dev.herald.local.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

class SesEmulatorIT {
    private SesEmulator ses;
    private Javalin edge;
    private SesV2Client client;

    @BeforeEach
    void start() {
        ses = new SesEmulator();
        edge = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            ses.install(config);
        }).start(0);
        client = SesV2Client.builder()
                .endpointOverride(URI.create("http://localhost:" + edge.port()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        edge.stop();
    }

    @Test
    void sendEmail_throughSdkClient_isRecordedWithEveryField() {
        SendEmailResponse response = client.sendEmail(r -> r
                .fromEmailAddress("Shop <notifications@example.com>")
                .destination(d -> d.toAddresses("ada@example.com"))
                .configurationSetName("herald")
                .emailTags(t -> t.name("deliveryId").value("dlv-1"), t -> t.name("notificationId").value("ntf-1"))
                .content(c -> c.simple(m -> m
                        .subject(s -> s.data("Your order has shipped"))
                        .body(b -> b.html(h -> h.data("<p>On its way</p>")).text(t -> t.data("On its way")))
                        .headers(h -> h.name("List-Unsubscribe").value("<https://example.com/u?t=1>")))));

        assertThat(response.messageId()).isNotBlank();
        assertThat(ses.sentTo("ada@example.com")).singleElement().satisfies(e -> {
            assertThat(e.messageId()).isEqualTo(response.messageId());
            assertThat(e.from()).isEqualTo("Shop <notifications@example.com>");
            assertThat(e.subject()).isEqualTo("Your order has shipped");
            assertThat(e.html()).isEqualTo("<p>On its way</p>");
            assertThat(e.text()).isEqualTo("On its way");
            assertThat(e.headers()).containsEntry("List-Unsubscribe", "<https://example.com/u?t=1>");
            assertThat(e.configurationSetName()).isEqualTo("herald");
            assertThat(e.tags()).containsEntry("deliveryId", "dlv-1").containsEntry("notificationId", "ntf-1");
        });
    }

    @Test
    void sendEmail_toRejectedAddress_throwsMessageRejected() {
        ses.rejectAddress("bounce@example.com");

        assertThatThrownBy(() -> client.sendEmail(r -> r
                .fromEmailAddress("notifications@example.com")
                .destination(d -> d.toAddresses("bounce@example.com"))
                .content(c -> c.simple(m -> m.subject(s -> s.data("x")).body(b -> b.text(t -> t.data("y")))))))
                .isInstanceOf(MessageRejectedException.class);
        assertThat(ses.sent()).isEmpty();
    }
}
