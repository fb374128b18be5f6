package io.wagate.local.demo;

import io.wagate.schemas.contact.Contacts;
import io.wagate.schemas.events.Person;
import java.util.random.RandomGenerator;

/**
 * A fictitious person of the demo: the CRM's record of them and their WhatsApp number.
 *
 * @param number the WhatsApp number, canonical E.164
 * @param person the CRM's person, whom notes name
 * @param profileName the WhatsApp profile name their messages carry
 */
public record DemoContact(String number, Person person, String profileName) {

  /** The name notes give the person: first and last name. */
  public String fullName() {
    return person.firstName() + " " + person.lastName();
  }

  /**
   * A contact with a random Dutch mobile number ({@code +316} and eight digits). Each run uses new
   * numbers: the broker keeps its data between runs, and a contact from an earlier run may have an
   * open window or have opted out, which would change what the demo shows.
   *
   * @param random the source of the digits
   * @param personId the CRM's id of the person
   * @param firstName the first name
   * @param lastName the last name
   * @return the contact
   */
  public static DemoContact random(
      RandomGenerator random, String personId, String firstName, String lastName) {
    // 06-1 to 06-5 are the mobile ranges in use; 06-6 and up are not all assigned.
    String number =
        "+316" + (1 + random.nextInt(5)) + String.format("%07d", random.nextInt(10_000_000));
    return new DemoContact(
        Contacts.canonicalize(number, null), new Person(personId, firstName, lastName), firstName);
  }

  /** The number as a Dutch CRM user types it: {@code 06 1234 5678}. */
  public String nationalFormat() {
    String digits = number.substring("+31".length());
    return "0" + digits.charAt(0) + " " + digits.substring(1, 5) + " " + digits.substring(5);
  }
}
