using System.Globalization;
using System.Text;

namespace ChatWidget.Benchmarks.Processes;

/// <summary>
/// The nginx configuration the benchmark runs (in front of Host, or in front of the fake upstream as the yardstick of a
/// plain proxy hop), written as a deployment would proxy Host (the same proxy settings as a
/// TLS site, on plain loopback HTTP): least-connections balancing with a shared zone, HTTP/1.1 keep-alive to the
/// instances (<c>proxy_http_version 1.1</c>, <c>Connection ""</c>, upstream <c>keepalive</c>), the event stream passed
/// on unbuffered (<c>proxy_buffering off</c>), X-Forwarded-For/-Proto/-Host set, no compression, no retry of a request
/// that reached an instance. Paths are relative to nginx's prefix (<c>-p</c>), so the text is the same on every machine
/// but for the ports. Access logging is off so that disk writes are not part of the measurement.
/// </summary>
public static class NginxConfiguration
{
    public static string Render(int listenPort, IReadOnlyList<int> instancePorts)
    {
        var servers = new StringBuilder();
        foreach (var port in instancePorts)
            servers.Append(CultureInfo.InvariantCulture, $"        server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;\n");
        return $$"""
            # nginx -p PREFIX -c nginx.conf -e stderr -g 'daemon off;'   (every path below is relative to PREFIX)
            worker_processes auto;
            pid nginx.pid;
            error_log logs/error.log warn;

            events {
                worker_connections 4096;
            }

            http {
                access_log off;
                client_body_temp_path temp/client_body;
                proxy_temp_path temp/proxy;
                fastcgi_temp_path temp/fastcgi;
                uwsgi_temp_path temp/uwsgi;
                scgi_temp_path temp/scgi;

                upstream chatwidget {
                    # Streams are long-lived: each new request goes to the instance with the fewest in flight.
                    least_conn;
                    zone chatwidget_upstreams 64k;
            {{servers}}        # Idle connections kept open to the instances, per worker.
                    keepalive 32;
                    keepalive_timeout 60s;
                    keepalive_requests 10000;
                }

                server {
                    listen 127.0.0.1:{{listenPort.ToString(CultureInfo.InvariantCulture)}};
                    server_tokens off;
                    gzip off;
                    client_max_body_size 1m;
                    large_client_header_buffers 4 16k;

                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Host $http_host;
                    proxy_set_header X-Forwarded-For $remote_addr;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    proxy_set_header X-Forwarded-Host $http_host;
                    proxy_connect_timeout 5s;
                    proxy_next_upstream error timeout;

                    location / {
                        proxy_pass http://chatwidget;
                    }

                    # Server-sent events: every chunk leaves when Host (or, in front of the fake upstream, the
                    # upstream) flushes it. A regular expression, so an upstream's /shape/.../v1/chat/completions matches too.
                    location ~ /v1/chat/completions$ {
                        proxy_pass http://chatwidget;
                        proxy_buffering off;
                        proxy_cache off;
                        proxy_read_timeout 600s;
                        proxy_send_timeout 60s;
                    }
                }
            }

            """;
    }
}
