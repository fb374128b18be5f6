package io.wagate.sender.config;

import io.wagate.schemas.events.Provider;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one business number sends: its provider, the provider's identifiers and credentials, and its
 * throughput.
 *
 * @param businessNumber the business line, E.164
 * @param provider Meta's Cloud API or Twilio
 * @param messagesPerSecond the number's throughput (80 by default, up to 1,000)
 * @param phoneNumberId Meta: the phone-number id in {@code POST
 *     /{version}/{phone-number-id}/messages}
 * @param accessToken Meta: the bearer token
 * @param accountSid Twilio: the account in {@code /2010-04-01/Accounts/{AccountSid}/Messages.json}
 * @param username Twilio: the basic-auth user, the account SID or an API key SID
 * @param password Twilio: the auth token or the API key's secret
 * @param contentSids Twilio: the approved template ({@code name:language}) to its Content SID
 */
public record NumberSettings(
    String businessNumber,
    Provider provider,
    int messagesPerSecond,
    @Nullable String phoneNumberId,
    @Nullable String accessToken,
    @Nullable String accountSid,
    @Nullable String username,
    @Nullable String password,
    Map<String, String> contentSids) {

  /** Copies the map; checks what each provider needs. */
  public NumberSettings {
    Objects.requireNonNull(businessNumber, "businessNumber");
    Objects.requireNonNull(provider, "provider");
    contentSids = Map.copyOf(contentSids);
    if (provider == Provider.META) {
      Objects.requireNonNull(phoneNumberId, "phoneNumberId");
      Objects.requireNonNull(accessToken, "accessToken");
    } else {
      Objects.requireNonNull(accountSid, "accountSid");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }
  }

  /** The Twilio Content SID of a template, or null when none is configured. */
  public @Nullable String contentSid(String name, @Nullable String language) {
    String exact = contentSids.get(name + ":" + language);
    return exact != null ? exact : contentSids.get(name);
  }

  /** Never prints a credential. */
  @Override
  public String toString() {
    return "NumberSettings[businessNumber="
        + businessNumber
        + ", provider="
        + provider
        + ", messagesPerSecond="
        + messagesPerSecond
        + ", phoneNumberId="
        + phoneNumberId
        + ", accountSid="
        + accountSid
        + ", credentials=<set>, contentSids="
        + contentSids.keySet()
        + "]";
  }
}
