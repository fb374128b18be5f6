package io.wagate.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class KafkaFixtureIT {

  @Test
  void shouldGiveEveryCallerTheSameReachableBroker() throws Exception {
    // Given
    String first = KafkaFixture.bootstrapServers();

    // When
    String second = KafkaFixture.bootstrapServers();

    // Then
    assertThat(second).isEqualTo(first);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, first))) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).isNotEmpty();
    }
  }
}
