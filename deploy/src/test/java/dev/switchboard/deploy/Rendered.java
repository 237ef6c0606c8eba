package dev.switchboard.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The objects of one render, with finders for the tests. */
record Rendered(Scenario scenario, List<HasMetadata> objects) {

  static final String COMPONENT = "app.kubernetes.io/component";

  /** Every object of a type. */
  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Every object of a kind, typed or generic. */
  List<HasMetadata> kind(String kind) {
    return objects.stream().filter(o -> o.getKind().equals(kind)).toList();
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    return find(type, name)
        .orElseThrow(
            () ->
                new AssertionError(
                    scenario
                        + ": no "
                        + type.getSimpleName()
                        + " named "
                        + name
                        + " in "
                        + names()));
  }

  /** "Kind/name" of every object, for messages. */
  List<String> names() {
    return objects.stream().map(Rendered::id).toList();
  }

  static String id(HasMetadata object) {
    return object.getKind() + "/" + object.getMetadata().getName();
  }

  /** Every pod template: Deployments, StatefulSets, CronJobs and bare Pods (the helm test). */
  List<Workload> workloads() {
    List<Workload> workloads = new ArrayList<>();
    for (HasMetadata object : objects) {
      if (object instanceof Deployment d) {
        workloads.add(
            new Workload(
                d,
                Optional.of(d.getSpec().getSelector()),
                d.getSpec().getTemplate().getMetadata(),
                d.getSpec().getTemplate().getSpec()));
      } else if (object instanceof StatefulSet s) {
        workloads.add(
            new Workload(
                s,
                Optional.of(s.getSpec().getSelector()),
                s.getSpec().getTemplate().getMetadata(),
                s.getSpec().getTemplate().getSpec()));
      } else if (object instanceof CronJob c) {
        var template = c.getSpec().getJobTemplate().getSpec().getTemplate();
        workloads.add(
            new Workload(c, Optional.empty(), template.getMetadata(), template.getSpec()));
      } else if (object instanceof Pod p) {
        workloads.add(new Workload(p, Optional.empty(), p.getMetadata(), p.getSpec()));
      }
    }
    return workloads;
  }

  /** The workload of a component (ws-edge, presence-api, sweeper, redis, test). */
  Workload workload(String component) {
    List<Workload> matching =
        workloads().stream().filter(w -> component.equals(w.component())).toList();
    if (matching.size() != 1) {
      throw new AssertionError(
          scenario + ": expected one workload of " + component + ", got " + matching);
    }
    return matching.get(0);
  }

  Optional<Workload> findWorkload(String component) {
    return workloads().stream().filter(w -> component.equals(w.component())).findFirst();
  }

  /** A pod template and what owns it. */
  record Workload(
      HasMetadata owner, Optional<LabelSelector> selector, ObjectMeta podMeta, PodSpec spec) {

    String component() {
      return labels().get(COMPONENT);
    }

    Map<String, String> labels() {
      return podMeta.getLabels() == null ? Map.of() : podMeta.getLabels();
    }

    Map<String, String> annotations() {
      return podMeta.getAnnotations() == null ? Map.of() : podMeta.getAnnotations();
    }

    /** The only container. */
    Container container() {
      if (spec.getContainers().size() != 1) {
        throw new AssertionError(id(owner) + ": expected one container");
      }
      return spec.getContainers().get(0);
    }

    /** Every container, init containers included. */
    List<Container> allContainers() {
      List<Container> all = new ArrayList<>(spec.getContainers());
      if (spec.getInitContainers() != null) {
        all.addAll(spec.getInitContainers());
      }
      return all;
    }

    Optional<EnvVar> env(String name) {
      List<EnvVar> env = container().getEnv() == null ? List.of() : container().getEnv();
      return env.stream().filter(e -> e.getName().equals(name)).findFirst();
    }

    /** A literal environment value; fails when absent or not literal. */
    String envValue(String name) {
      EnvVar var = env(name).orElseThrow(() -> new AssertionError(id(owner) + ": no env " + name));
      if (var.getValue() == null) {
        throw new AssertionError(id(owner) + ": env " + name + " is not a literal value");
      }
      return var.getValue();
    }

    @Override
    public String toString() {
      return id(owner);
    }
  }
}
