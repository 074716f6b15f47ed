package dev.herald.webhook;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 POST to an address that was already checked ({@link AddressPolicy}): it connects to that address and
 * never resolves the host again (the JDK's HttpClient would resolve it itself, and DNS could answer differently the
 * second time). TLS still verifies the certificate against the URL's host name (SNI and endpoint identification).
 * One request per connection ({@code Connection: close}); redirects are not followed.
 */
final class PinnedHttp {
    /** The status and the first {@link #BODY_PREFIX} bytes of the answer's body. */
    record Response(int status, String bodyPrefix) {
    }

    static final int BODY_PREFIX = 256;

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final SSLSocketFactory tls;

    PinnedHttp(Duration connectTimeout, Duration readTimeout, SSLSocketFactory tls) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.tls = tls;
    }

    static PinnedHttp standard() {
        return new PinnedHttp(Duration.ofSeconds(5), Duration.ofSeconds(10), (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** @throws IOException when the connection fails or times out, or the answer is not HTTP */
    Response post(URI url, InetAddress address, Map<String, String> headers, byte[] body) throws IOException {
        boolean https = url.getScheme().equalsIgnoreCase("https");
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        String host = url.getHost();
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address, port), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
            Socket stream = socket;
            if (https) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, port, true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                if (!host.startsWith("[") && !Character.isDigit(host.charAt(host.length() - 1))) {
                    params.setServerNames(List.of(new SNIHostName(host)));
                }
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                stream = ssl;
            }
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            if (url.getRawQuery() != null) {
                path += "?" + url.getRawQuery();
            }
            StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(url.getPort() > 0 ? host + ":" + port : host).append("\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n")
                    .append("Connection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("\r\n");
            OutputStream out = stream.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(new BufferedInputStream(stream.getInputStream()));
        } finally {
            socket.close();
        }
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("the endpoint's answer is not HTTP: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("the endpoint's status line has no status code: " + statusLine);
        }
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase(java.util.Locale.ROOT).startsWith("transfer-encoding:") && header.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            line(in); // the first chunk's size
        }
        ByteArrayOutputStream prefix = new ByteArrayOutputStream();
        try {
            byte[] buf = in.readNBytes(BODY_PREFIX);
            prefix.write(buf);
        } catch (IOException e) {
            // the status is what counts; a body cut short leaves the prefix shorter
        }
        return new Response(status, prefix.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (line.size() > 8192) {
                throw new IOException("the endpoint's answer has a header line over 8 KiB");
            }
            line.write(c);
        }
        if (c == -1 && line.size() == 0) {
            throw new IOException("the endpoint closed the connection without an answer");
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
