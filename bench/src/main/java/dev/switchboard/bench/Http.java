package dev.switchboard.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;

/** Blocking calls to the presence API and health endpoints. */
final class Http {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static boolean isUp(String url) {
    try {
      return get(url).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static JsonObject presence(int apiPort, String device) throws IOException, InterruptedException {
    return new JsonObject(get("http://127.0.0.1:" + apiPort + "/v1/presence/" + device).body());
  }

  /** POST /v1/presence/lookup in chunks of 1,000; results in request order. */
  static JsonArray lookup(int apiPort, Collection<String> devices)
      throws IOException, InterruptedException {
    JsonArray all = new JsonArray();
    var list = devices.stream().toList();
    for (int from = 0; from < list.size(); from += 1000) {
      var chunk = list.subList(from, Math.min(list.size(), from + 1000));
      String body = new JsonObject().put("devices", new JsonArray(chunk)).encode();
      HttpResponse<String> response =
          CLIENT.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + apiPort + "/v1/presence/lookup"))
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("lookup answered " + response.statusCode() + ": " + response.body());
      }
      all.addAll(new JsonObject(response.body()).getJsonArray("results"));
    }
    return all;
  }
}
