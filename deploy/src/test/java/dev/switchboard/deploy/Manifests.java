package dev.switchboard.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses rendered YAML into Fabric8 objects, strictly. Fabric8's models keep unknown fields in
 * {@code additionalProperties} (a {@code @JsonAnySetter}); here each document is read a second time
 * with any-setters switched off, so a misspelt or misplaced field fails with Jackson's path.
 */
final class Manifests {

  /** Kinds that have no Fabric8 model here and are checked as generic resources. */
  static final Set<String> GENERIC_KINDS =
      Set.of("monitoring.coreos.com/v1/ServiceMonitor", "monitoring.coreos.com/v1/PrometheusRule");

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static final ObjectMapper STRICT =
      new ObjectMapper(new YAMLFactory())
          .setAnnotationIntrospector(
              new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                  return Boolean.FALSE;
                }
              })
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private Manifests() {}

  /** Every non-empty document of a multi-document YAML stream, typed and strictly checked. */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : documents(yaml)) {
      objects.add(parseOne(document));
    }
    return objects;
  }

  /** One document, typed and strictly checked. */
  static HasMetadata parseOne(String document) {
    KubernetesResource parsed = SERIALIZATION.unmarshal(document);
    if (!(parsed instanceof HasMetadata object)) {
      throw new AssertionError("not a Kubernetes object:\n" + document);
    }
    if (object instanceof GenericKubernetesResource generic) {
      String kind = generic.getApiVersion() + "/" + generic.getKind();
      if (!GENERIC_KINDS.contains(kind)) {
        throw new AssertionError(
            "no Fabric8 model for " + kind + " (a typo in apiVersion or kind?):\n" + document);
      }
      return object;
    }
    try {
      STRICT.readValue(document, object.getClass());
    } catch (IOException e) {
      throw new AssertionError(
          object.getKind()
              + " "
              + object.getMetadata().getName()
              + " does not match the Kubernetes schema: "
              + e.getMessage()
              + "\n"
              + document,
          e);
    }
    return object;
  }

  /** Splits a YAML stream on {@code ---} lines, dropping documents that hold only comments. */
  static List<String> documents(String yaml) {
    List<String> documents = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : yaml.split("\n", -1)) {
      if (line.equals("---")) {
        addIfContent(documents, current);
        current.setLength(0);
      } else {
        current.append(line).append('\n');
      }
    }
    addIfContent(documents, current);
    return documents;
  }

  private static void addIfContent(List<String> documents, StringBuilder document) {
    boolean content =
        document
            .toString()
            .lines()
            .anyMatch(line -> !line.isBlank() && !line.stripLeading().startsWith("#"));
    if (content) {
      documents.add(document.toString());
    }
  }
}
