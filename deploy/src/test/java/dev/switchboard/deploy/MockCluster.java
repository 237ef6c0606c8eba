package dev.switchboard.deploy;

import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * The cluster the chart's {@code lookup} talks to during renders: a Fabric8 mock API server in CRUD
 * mode, empty unless a test creates objects (a missing Secret reads as a 404, i.e. empty, as on a
 * fresh install). helm-java reads the kubeconfig named by the JVM's {@code KUBECONFIG}, which
 * surefire sets; this writes that file for a free port and starts the server once per JVM.
 */
final class MockCluster {

  private static KubernetesMockServer server;

  private MockCluster() {}

  /** Starts the server and writes the kubeconfig, once; no-op without {@code KUBECONFIG}. */
  static synchronized void ensureStarted() {
    String kubeconfig = System.getenv("KUBECONFIG");
    if (server != null || kubeconfig == null || kubeconfig.isBlank()) {
      return;
    }
    int port = freePort();
    KubernetesMockServer started =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new DiscoveringCrudDispatcher(),
            false);
    started.init(java.net.InetAddress.getLoopbackAddress(), port);
    writeKubeconfig(Path.of(kubeconfig), "http://127.0.0.1:" + port);
    server = started;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
  }

  /** A client of the mock cluster, to put objects where the chart's lookup finds them. */
  static synchronized io.fabric8.kubernetes.client.KubernetesClient client() {
    ensureStarted();
    if (server == null) {
      throw new IllegalStateException("KUBECONFIG is not set for this JVM (see deploy/pom.xml)");
    }
    return server.createClient();
  }

  /**
   * CRUD mode, plus the core group's resource list: the CRUD dispatcher answers {@code /api/v1}
   * with a List, and Helm's lookup needs discovery to map Kind=Secret to its resource.
   */
  private static final class DiscoveringCrudDispatcher extends KubernetesCrudDispatcher {

    private static final String CORE_RESOURCES =
        Serialization.asJson(
            new APIResourceListBuilder()
                .withGroupVersion("v1")
                .addNewResource()
                .withName("secrets")
                .withSingularName("secret")
                .withKind("Secret")
                .withNamespaced(true)
                .withVerbs("get", "list", "create", "update", "patch", "delete")
                .endResource()
                .build());

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getPath().split("\\?", 2)[0];
      if (request.getMethod().equals("GET") && path.equals("/api/v1")) {
        return new MockResponse()
            .setResponseCode(200)
            .addHeader("Content-Type", "application/json")
            .setBody(CORE_RESOURCES);
      }
      return super.dispatch(request);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeKubeconfig(Path file, String serverUrl) {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: mock
            cluster:
              server: %s
        contexts:
          - name: mock
            context:
              cluster: mock
              user: mock
              namespace: %s
        current-context: mock
        users:
          - name: mock
            user:
              token: mock
        """
            .formatted(serverUrl, Helm.NAMESPACE);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
