package io.clockmirror.web;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP/1.1 connection on a plain socket: the test writes the request bytes itself, so it can
 * send what no client library would build (bad percent-encoding, raw control bytes, odd methods,
 * pipelined batches), and reads the answers back one at a time.
 */
public final class RawHttp implements AutoCloseable {

  /** One answer as read off the wire. Header names are lower case. */
  public record Response(int status, Map<String, List<String>> headers, String body) {

    /** The first value of the header, or null. */
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }

    boolean closesConnection() {
      String connection = header("connection");
      return connection != null && connection.equalsIgnoreCase("close");
    }
  }

  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_BODY = 4 * 1024 * 1024;

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
  }

  public static RawHttp connect(int port, int readTimeoutMillis) throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(readTimeoutMillis);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    return new RawHttp(socket);
  }

  /** A request as ISO-8859-1 bytes: every char below 256 becomes exactly that byte. */
  public static byte[] bytes(String request) {
    return request.getBytes(StandardCharsets.ISO_8859_1);
  }

  void send(byte[] request) throws IOException {
    out.write(request);
    out.flush();
  }

  /** Sends one request and reads its answer; null if the server closed without answering. */
  public Response exchange(String request) throws IOException {
    send(bytes(request));
    return read(request.startsWith("HEAD "));
  }

  /**
   * Reads the next answer; null if the connection ends before a status line. {@code head} says the
   * request was HEAD, whose answer has headers but never a body.
   */
  Response read(boolean head) throws IOException {
    String statusLine;
    try {
      statusLine = line();
    } catch (EOFException | SocketException e) {
      return null;
    }
    if (statusLine == null) {
      return null;
    }
    if (!statusLine.startsWith("HTTP/") || statusLine.length() < 12) {
      throw new IOException("not a status line: " + statusLine);
    }
    int space = statusLine.indexOf(' ');
    int status = Integer.parseInt(statusLine.substring(space + 1, space + 4));
    Map<String, List<String>> headers = new TreeMap<>();
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new IOException("not a header line: " + header);
      }
      headers
          .computeIfAbsent(
              header.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(header.substring(colon + 1).trim());
    }
    Response bare = new Response(status, headers, "");
    if (head || status == 204 || status == 304 || status < 200) {
      return bare;
    }
    String encoding = bare.header("transfer-encoding");
    String length = bare.header("content-length");
    byte[] body;
    if (encoding != null && encoding.equalsIgnoreCase("chunked")) {
      body = chunked();
    } else if (length != null) {
      body = exactly(Integer.parseInt(length));
    } else {
      body = in.readAllBytes();
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  /** True once the server has closed its side: a read returns end of stream. */
  boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketException e) {
      return true;
    }
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line();
      int semicolon = sizeLine.indexOf(';');
      int size = Integer.parseInt(semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon), 16);
      if (size == 0) {
        String trailer;
        do {
          trailer = line();
        } while (!trailer.isEmpty());
        return body.toByteArray();
      }
      body.write(exactly(size));
      line();
    }
  }

  private byte[] exactly(int length) throws IOException {
    if (length < 0 || length > MAX_BODY) {
      throw new IOException("unexpected body length " + length);
    }
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new EOFException("body cut at " + body.length + " of " + length + " bytes");
    }
    return body;
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (line.isEmpty()) {
          throw new EOFException();
        }
        throw new EOFException("line cut: " + line);
      }
      if (b == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      if (line.length() > MAX_LINE) {
        throw new IOException("line too long");
      }
      line.append((char) b);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
