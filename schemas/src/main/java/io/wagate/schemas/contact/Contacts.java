package io.wagate.schemas.contact;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one canonicalisation of WhatsApp contacts that every wagate service uses: the same person
 * gets the same contact whatever form their number arrives in.
 */
public final class Contacts {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  /**
   * The business-scoped user ids Meta documents for users who share no phone number: a two-letter
   * country code, a dot and up to 128 letters and digits ({@code US.13491208655302741918}); the
   * parent id shared by a managed business's portfolios, with {@code ENT} ({@code
   * US.ENT.11815799212886844830}); and the {@code user.<hex>} form of Meta's own examples.
   */
  private static final Pattern BUSINESS_SCOPED_ID =
      Pattern.compile("[A-Z]{2}\\.(?:ENT\\.)?[0-9A-Za-z]{1,128}|user\\.[0-9a-fA-F]{1,128}");

  private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-./()\\u00A0]");
  private static final Pattern BUSINESS_NUMBER = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Pattern DIGITS = Pattern.compile("\\+?[0-9]+");
  private static final String WHATSAPP_PREFIX = "whatsapp:";

  /**
   * Contacts already canonicalised (or refused), by raw form and region. The same people write
   * again and again, and parsing a number with libphonenumber costs far more than a lookup.
   */
  private static final int CACHED_CONTACTS = 100_000;

  private static final Cache<String, Object> CACHE =
      Caffeine.newBuilder().maximumSize(CACHED_CONTACTS).build();

  private static final int MEXICO = 52;
  private static final int ARGENTINA = 54;
  private static final int BRAZIL = 55;

  /** A Brazilian national number: two digits of area code, then the subscriber's digits. */
  private static final int BRAZIL_AREA_CODE_DIGITS = 2;

  /** A Brazilian mobile written before the ninth digit: area code and 8 digits from 6 to 9. */
  private static final int BRAZIL_NATIONAL_WITHOUT_NINE = 10;

  private Contacts() {}

  /**
   * The canonical contact for {@code raw}: E.164 for a phone number, the id verbatim for a
   * business-scoped user id.
   *
   * @param raw the number as it arrived: {@code +31612345678}, {@code 06 12345678} (with a region),
   *     {@code 0031…}, {@code whatsapp:+…}, bare {@code wa_id} digits, or a business-scoped user id
   * @param defaultRegion the ISO region of a national number, e.g. {@code NL}; may be null
   * @return the canonical contact
   * @throws InvalidContactException when {@code raw} is not a valid number or id
   */
  public static String canonicalize(@Nullable String raw, @Nullable String defaultRegion) {
    if (raw == null || raw.isBlank()) {
      throw new InvalidContactException("contact is empty");
    }
    String cacheKey = defaultRegion == null ? raw : raw + '\u0000' + defaultRegion;
    Object known = CACHE.get(cacheKey, key -> parseOrRefuse(raw, defaultRegion));
    if (known instanceof Refusal refusal) {
      throw new InvalidContactException(refusal.message());
    }
    return (String) known;
  }

  /** A contact that {@link #canonicalize} refused, remembered with its reason. */
  private record Refusal(String message) {}

  private static Object parseOrRefuse(String raw, @Nullable String defaultRegion) {
    try {
      return parseContact(raw, defaultRegion);
    } catch (InvalidContactException e) {
      return new Refusal(e.getMessage());
    }
  }

  private static String parseContact(String raw, @Nullable String defaultRegion) {
    String value = raw.strip();
    if (value.regionMatches(true, 0, WHATSAPP_PREFIX, 0, WHATSAPP_PREFIX.length())) {
      value = value.substring(WHATSAPP_PREFIX.length()).strip();
      if (value.isEmpty()) {
        throw new InvalidContactException("contact is empty");
      }
    }
    if (BUSINESS_SCOPED_ID.matcher(value).matches()) {
      return value;
    }
    String compact = SEPARATORS.matcher(value).replaceAll("");
    if (!DIGITS.matcher(compact).matches()) {
      throw new InvalidContactException("contact is neither a phone number nor a user id");
    }
    if (compact.startsWith("00")) {
      compact = "+" + compact.substring(2);
    }
    PhoneNumber number = parse(compact, defaultRegion);
    return PHONES.format(whatsAppForm(number), PhoneNumberFormat.E164);
  }

  /**
   * The canonical E.164 form of a business number. Looser than {@link #canonicalize}: a business
   * line is the provider's own (Meta's test lines are {@code +1 555 …}, which no numbering plan
   * knows), so its shape is checked, not its numbering plan.
   *
   * @param raw the number as it arrived: {@code +31201234567}, {@code whatsapp:+…}, bare digits
   *     (Meta's {@code display_phone_number}), with spaces or dashes
   * @return {@code +} and 7 to 15 digits
   * @throws InvalidContactException when it is not of that shape
   */
  public static String canonicalizeBusinessNumber(@Nullable String raw) {
    if (raw == null || raw.isBlank()) {
      throw new InvalidContactException("business number is empty");
    }
    String value = raw.strip();
    if (value.regionMatches(true, 0, WHATSAPP_PREFIX, 0, WHATSAPP_PREFIX.length())) {
      value = value.substring(WHATSAPP_PREFIX.length());
    }
    String compact = SEPARATORS.matcher(value).replaceAll("");
    if (compact.startsWith("00")) {
      compact = "+" + compact.substring(2);
    } else if (!compact.startsWith("+")) {
      compact = "+" + compact;
    }
    if (!BUSINESS_NUMBER.matcher(compact).matches()) {
      throw new InvalidContactException("business number is not an E.164 number");
    }
    return compact;
  }

  /** Like {@link #canonicalize} but answers null instead of throwing. */
  public static @Nullable String tryCanonicalize(@Nullable String raw, @Nullable String region) {
    try {
      return canonicalize(raw, region);
    } catch (InvalidContactException e) {
      return null;
    }
  }

  private static PhoneNumber parse(String compact, @Nullable String defaultRegion) {
    if (compact.startsWith("+")) {
      return international(compact, "not a valid phone number");
    }
    String region = defaultRegion == null ? null : defaultRegion.strip().toUpperCase(Locale.ROOT);
    if (region == null || region.isEmpty()) {
      // Bare digits are how Meta writes wa_id and recipient_id: international without the plus.
      return international(
          "+" + compact,
          "not a valid international number, and no default region to read a national one");
    }
    if (!PHONES.getSupportedRegions().contains(region)) {
      throw new InvalidContactException("unknown region " + region);
    }
    try {
      PhoneNumber national = PHONES.parse(compact, region);
      if (PHONES.isValidNumber(whatsAppForm(national))) {
        return national;
      }
    } catch (NumberParseException e) {
      // Not a national number of the region: it may still be a bare international one.
    }
    return international(
        "+" + compact,
        "not a valid phone number of region " + region + " nor an international one");
  }

  /**
   * Parses an international number. Validity, not mere possibility, is required: a number that is
   * merely the right length ({@code +31 6 1234}) would become a contact no message ever reaches.
   */
  private static PhoneNumber international(String plusDigits, String invalid) {
    try {
      PhoneNumber number = PHONES.parse(plusDigits, null);
      if (!PHONES.isValidNumber(whatsAppForm(number))) {
        throw new InvalidContactException(invalid);
      }
      return number;
    } catch (NumberParseException e) {
      throw new InvalidContactException(invalid + " (" + e.getErrorType() + ")");
    }
  }

  /**
   * The form WhatsApp and people agree on. Mexican mobiles arrive from WhatsApp as {@code +521…}
   * but are written {@code +52…}: drop the {@code 1}. Argentine mobiles arrive from WhatsApp as
   * {@code +549…} and are often written without the {@code 9}: add it. Brazilian mobiles of
   * accounts created before Brazil's ninth digit arrive as 12 digits ({@code 55 82 9999 0001}) but
   * are written, and dialled, with the {@code 9} ({@code +55 82 99999-0001}): add it. A landline
   * (subscriber number starting 2 to 5) keeps its 8 digits.
   */
  private static PhoneNumber whatsAppForm(PhoneNumber number) {
    String national = PHONES.getNationalSignificantNumber(number);
    if (number.getCountryCode() == MEXICO && national.length() == 11 && national.startsWith("1")) {
      return withNational(number, national.substring(1));
    }
    if (number.getCountryCode() == ARGENTINA
        && national.length() == 10
        && !national.startsWith("9")
        && isArgentineMobile("9" + national)) {
      return withNational(number, "9" + national);
    }
    if (number.getCountryCode() == BRAZIL
        && national.length() == BRAZIL_NATIONAL_WITHOUT_NINE
        && isBrazilianMobileWithoutNine(national)) {
      return withNational(
          number,
          national.substring(0, BRAZIL_AREA_CODE_DIGITS)
              + "9"
              + national.substring(BRAZIL_AREA_CODE_DIGITS));
    }
    return number;
  }

  private static boolean isBrazilianMobileWithoutNine(String national) {
    char first = national.charAt(BRAZIL_AREA_CODE_DIGITS);
    if (first < '6' || first > '9') {
      return false;
    }
    String withNine =
        national.substring(0, BRAZIL_AREA_CODE_DIGITS)
            + "9"
            + national.substring(BRAZIL_AREA_CODE_DIGITS);
    PhoneNumber candidate =
        new PhoneNumber().setCountryCode(BRAZIL).setNationalNumber(Long.parseLong(withNine));
    return PHONES.isValidNumber(candidate);
  }

  private static boolean isArgentineMobile(String national) {
    PhoneNumber candidate =
        new PhoneNumber().setCountryCode(ARGENTINA).setNationalNumber(Long.parseLong(national));
    return PHONES.isValidNumber(candidate);
  }

  private static PhoneNumber withNational(PhoneNumber number, String national) {
    return new PhoneNumber()
        .setCountryCode(number.getCountryCode())
        .setNationalNumber(Long.parseLong(national));
  }
}
