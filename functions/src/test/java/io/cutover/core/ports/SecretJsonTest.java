package io.cutover.core.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.error.ConfigurationException;
import org.junit.jupiter.api.Test;

/** The one reading of a switch secret, for the AWS adapter and the stand-in alike. */
class SecretJsonTest {

    @Test
    void aFieldIsReadAsTextAndAnAbsentOrNullFieldIsEmpty() {
        var secret = SecretJson.object("orders/app-db", "{\"host\": \"db.internal\", \"port\": 3306, \"old\": null}");
        assertThat(SecretJson.field(secret, "host")).contains("db.internal");
        assertThat(SecretJson.field(secret, "port")).contains("3306");
        assertThat(SecretJson.field(secret, "old")).isEmpty();
        assertThat(SecretJson.field(secret, "missing")).isEmpty();
    }

    @Test
    void aSecretThatIsNotAJsonObjectIsRefusedWithoutQuotingIt() {
        for (String text : new String[] {"password=hunter2-do-not-log", "[\"hunter2-do-not-log\"]", "\"hunter2-do-not-log\""}) {
            assertThatThrownBy(() -> SecretJson.object("orders/app-db", text))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("secret orders/app-db is not a JSON object")
                    .hasMessageNotContaining("hunter2");
        }
    }
}
