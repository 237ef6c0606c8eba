package dev.switchboard.faults.harness;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Blocking calls to the presence API (auth disabled). */
public final class Api {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final int port;

  Api(int port) {
    this.port = port;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** {@code POST /v1/presence/lookup} in batches of 1,000; results in request order. */
  public List<JsonObject> lookup(List<String> devices) throws IOException, InterruptedException {
    JsonArray all = new JsonArray();
    for (int from = 0; from < devices.size(); from += 1000) {
      List<String> chunk = devices.subList(from, Math.min(devices.size(), from + 1000));
      HttpResponse<String> response =
          post(
              "/v1/presence/lookup",
              new JsonObject().put("devices", new JsonArray(chunk)).encode());
      if (response.statusCode() != 200) {
        throw new IOException("lookup answered " + response.statusCode() + ": " + response.body());
      }
      all.addAll(new JsonObject(response.body()).getJsonArray("results"));
    }
    return all.stream().map(JsonObject.class::cast).toList();
  }

  /**
   * {@code POST /v1/devices/{device}/messages?delivery=at-most-once} (the routing the fault rows
   * measure; durable delivery is the default since issue 15): the status and the body.
   */
  public HttpResponse<String> route(String device, JsonObject payload)
      throws IOException, InterruptedException {
    return post("/v1/devices/" + device + "/messages?delivery=at-most-once", payload.encode());
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
