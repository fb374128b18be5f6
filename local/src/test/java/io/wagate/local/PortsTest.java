package io.wagate.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void shouldFallBackToAFreePortWhenTheRequestedOneIsTaken() throws Exception {
    // Given
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Ports.HOST))) {
      int requested = taken.getLocalPort();

      // When
      Ports.Choice choice = Ports.choose(requested);

      // Then
      assertThat(choice.port()).isNotEqualTo(requested).isPositive();
      assertThat(choice.requested()).isEqualTo(requested);
      assertThat(choice.fellBack()).isTrue();
      assertThat(Ports.isFree(choice.port())).isTrue();
    }
  }

  @Test
  void shouldKeepTheRequestedPortWhenItIsFree() throws Exception {
    // Given
    int free;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(Ports.HOST))) {
      free = probe.getLocalPort();
    }

    // When
    Ports.Choice choice = Ports.choose(free);

    // Then
    assertThat(choice.port()).isEqualTo(free);
    assertThat(choice.fellBack()).isFalse();
  }

  @Test
  void shouldChooseAnyFreePortForZeroWithoutCallingItAFallback() {
    // Given
    int requested = 0;

    // When
    Ports.Choice choice = Ports.choose(requested);

    // Then
    assertThat(choice.port()).isPositive();
    assertThat(choice.fellBack()).isFalse();
  }

  @Test
  void shouldRejectPortsOutOfRange() {
    // Given
    int requested = 70_000;

    // When / Then
    assertThatThrownBy(() -> Ports.choose(requested))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("70000");
  }
}
