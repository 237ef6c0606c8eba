// One device on a local run, with nothing but the JDK: `java tools/Device.java phone-1 [edge URL]`.
// Prints every frame the edge sends and acks messages (a durable one by its seq, which
// acknowledges everything up to it; an at-most-once one by its id); the JDK answers the edge's
// WebSocket pings itself. Ctrl-C disconnects (the edge releases the entry).
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Device {

  static final Pattern MESSAGE =
      Pattern.compile("\"type\":\"message\",\"id\":\"([^\"]+)\"(?:,\"seq\":\"(\\d+-\\d+)\")?");

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: java tools/Device.java <device-id> [ws://localhost:8081]");
      System.exit(2);
    }
    String edge = args.length > 1 ? args[1] : "ws://localhost:8081";
    URI uri = URI.create(edge + "/v1/connect?device=" + args[0]);
    CountDownLatch closed = new CountDownLatch(1);
    HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
      final StringBuilder frame = new StringBuilder();

      @Override
      public void onOpen(WebSocket ws) {
        System.out.println("connected to " + uri);
        ws.request(1);
      }

      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        frame.append(data);
        if (last) {
          String text = frame.toString();
          frame.setLength(0);
          System.out.println(text);
          Matcher message = MESSAGE.matcher(text);
          if (message.find()) {
            ws.sendText(
                message.group(2) != null
                    ? "{\"type\":\"ack\",\"seq\":\"" + message.group(2) + "\"}"
                    : "{\"type\":\"ack\",\"id\":\"" + message.group(1) + "\"}",
                true);
          }
        }
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        System.out.println("closed " + code + " " + reason);
        closed.countDown();
        return null;
      }

      @Override
      public void onError(WebSocket ws, Throwable error) {
        System.out.println("error " + error);
        closed.countDown();
      }
    }).exceptionally(e -> {
      System.out.println("cannot connect to " + uri + ": " + e.getCause());
      closed.countDown();
      return null;
    });
    closed.await();
  }
}
