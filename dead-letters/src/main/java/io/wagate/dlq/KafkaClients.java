package io.wagate.dlq;

import io.wagate.schemas.config.Environment;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client properties of the commands, from {@code KAFKA_BOOTSTRAP_SERVERS} and every other
 * {@code KAFKA_*} variable. Each client gets only the properties it knows, so the streams app's
 * environment ({@code KAFKA_APPLICATION_ID}, …) can be used as it is.
 */
final class KafkaClients {

  private KafkaClients() {}

  static Properties consumer(Environment environment) {
    return only(environment, ConsumerConfig.configNames());
  }

  static Properties producer(Environment environment) {
    return only(environment, ProducerConfig.configNames());
  }

  private static Properties only(Environment environment, Set<String> names) {
    environment.require("KAFKA_BOOTSTRAP_SERVERS");
    Properties all = environment.kafkaProperties();
    Properties properties = new Properties();
    for (String name : all.stringPropertyNames()) {
      if (names.contains(name)) {
        properties.setProperty(name, all.getProperty(name));
      }
    }
    return properties;
  }
}
