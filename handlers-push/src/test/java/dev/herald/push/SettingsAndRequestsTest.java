package dev.herald.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eatthepath.pushy.apns.ApnsClientBuilder;
import dev.herald.common.config.ConfigException;
import dev.herald.common.event.Problem;
import dev.herald.common.json.Json;
import org.junit.jupiter.api.Test;

/** Parsing of the APNs and FCM secrets and of device registrations: what is accepted, and what each error says. */
class SettingsAndRequestsTest {
    private static final String KEY = "\"teamId\":\"T\",\"keyId\":\"K\",\"signingKey\":\"-----BEGIN PRIVATE KEY-----\"";

    @Test
    void apns_environmentPicksApplesHost() {
        assertThat(ApnsSettings.fromSecret(Json.tree("{" + KEY + ",\"environment\":\"sandbox\"}"), "s").host())
                .isEqualTo(ApnsClientBuilder.DEVELOPMENT_APNS_HOST);
        assertThat(ApnsSettings.fromSecret(Json.tree("{" + KEY + ",\"environment\":\"production\"}"), "s").host())
                .isEqualTo(ApnsClientBuilder.PRODUCTION_APNS_HOST);
    }

    @Test
    void apns_explicitHostPort_andTheLocalEmulatorsShape_areAccepted() {
        ApnsSettings hostPort = ApnsSettings.fromSecret(Json.tree("{" + KEY + ",\"host\":\"localhost:2197\"}"), "s");
        ApnsSettings emulator = ApnsSettings.fromSecret(Json.tree("{" + KEY
                + ",\"host\":\"localhost\",\"port\":4443,\"production\":false,\"trustedCertificate\":\"PEM\"}"), "s");

        assertThat(hostPort.host()).isEqualTo("localhost");
        assertThat(hostPort.port()).isEqualTo(2197);
        assertThat(emulator.port()).isEqualTo(4443);
        assertThat(emulator.trustedCertificatePem()).isEqualTo("PEM");
    }

    @Test
    void apns_withoutEnvironmentOrHost_isRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> ApnsSettings.fromSecret(Json.tree("{" + KEY + "}"), "herald/apns"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("herald/apns").hasMessageContaining("\"sandbox\"");
        assertThatThrownBy(() -> ApnsSettings.fromSecret(Json.tree("{\"keyId\":\"K\",\"environment\":\"sandbox\"}"), "herald/apns"))
                .hasMessageContaining("has no \"teamId\"");
        assertThat(ApnsSettings.isEmpty(Json.tree("{\"placeholder\":\"abc\"}"))).isTrue();
    }

    @Test
    void fcm_serviceAccountNamesTheProject_andRootUrlNeedsAStaticToken() {
        String account = "{\"type\":\"service_account\",\"project_id\":\"shop-prod\",\"private_key\":\"k\",\"client_email\":\"e\"}";

        assertThat(FcmSettings.fromSecret(Json.tree("{\"serviceAccount\":" + account + "}"), "s").projectId()).isEqualTo("shop-prod");
        assertThat(FcmSettings.fromSecret(Json.tree("{\"serviceAccount\":" + Json.write(account) + "}"), "s").projectId()).isEqualTo("shop-prod");
        assertThatThrownBy(() -> FcmSettings.fromSecret(Json.tree("{\"serviceAccount\":" + account + ",\"rootUrl\":\"http://localhost:1/\"}"), "s"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("accessToken");
        assertThat(FcmSettings.fromSecret(Json.tree("{\"projectId\":\"p\",\"accessToken\":\"a\",\"rootUrl\":\"http://localhost:9\"}"), "s")
                .rootUrl()).hasToString("http://localhost:9/");
        assertThatThrownBy(() -> FcmSettings.fromSecret(Json.tree("{\"projectId\":\"p\"}"), "herald/fcm"))
                .hasMessageContaining("neither \"serviceAccount\" nor \"accessToken\"");
    }

    @Test
    void deviceRequest_validIosAndAndroid() {
        assertThat(DeviceRequests.validate(Json.tree("{\"platform\":\"ios\",\"token\":\"" + "ab".repeat(32) + "\",\"app\":\"com.example.shop\"}"))
                .problems()).isEmpty();
        assertThat(DeviceRequests.validate(Json.tree("{\"platform\":\"android\",\"token\":\"fvq:APA91b-x_y\"}")).problems()).isEmpty();
    }

    @Test
    void deviceRequest_reportsEveryProblemOnceWithItsField() {
        assertThat(DeviceRequests.validate(Json.tree("{}")).problems()).extracting(Problem::field).containsExactly("platform", "token");
        assertThat(DeviceRequests.validate(Json.tree("{\"platform\":\"ios\",\"token\":\"" + "zz".repeat(32) + "\"}")).problems())
                .extracting(Problem::field).containsExactly("token", "app");
        assertThat(DeviceRequests.validate(Json.tree("{\"platform\":\"android\",\"token\":\"has space\"}")).problems())
                .singleElement().extracting(Problem::message).asString().contains("without spaces");
        assertThat(DeviceRequests.validate(Json.tree("{\"platform\":\"android\",\"token\":\"" + "a".repeat(4097) + "\"}")).problems())
                .extracting(Problem::field).containsExactly("token");
        assertThat(DeviceRequests.validate(Json.tree("{\"platform\":7,\"token\":\"t\"}")).problems())
                .singleElement().extracting(Problem::message).isEqualTo("platform must be a string; got number");
    }
}
