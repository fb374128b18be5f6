package io.wagate.streams.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.RequestStatus;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReportsTest {

  private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

  @ParameterizedTest
  @EnumSource(
      value = LifecycleState.class,
      names = {"ROUTED_TEMPLATE", "ROUTED_FREEFORM"})
  void shouldLeaveRoutingToTheMessageSent(LifecycleState routed) {
    // The message on wa.send.* that wagate writes with it counts the request as routed.
    assertThat(Reports.statusChanged("k", status(routed))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = LifecycleState.class,
      names = {"ROUTED_TEMPLATE", "ROUTED_FREEFORM"},
      mode = EnumSource.Mode.EXCLUDE)
  void shouldKeepEveryOtherStepByRequestId(LifecycleState state) {
    assertThat(Reports.statusChanged("k", status(state)))
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.key).isEqualTo("r-1");
              assertThat(step.value)
                  .isEqualTo(new RequestFact.StatusChanged(state, "WHY", "131026"));
            });
  }

  private static RequestStatus status(LifecycleState state) {
    return new RequestStatus("r-1", "+31201234567", "+31612345678", state, "WHY", "131026", T0);
  }
}
