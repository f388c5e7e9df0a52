using System.Net;
using System.Net.Sockets;
using ChatWidget.TestServers;

namespace ChatWidget.MultiInstance.Tests.Harness;

/// <summary>
/// HttpClients for loopback servers. A client can connect <em>from</em> another loopback address (127.0.0.2,
/// 127.0.0.3, ...: all of 127.0.0.0/8 is local on Linux), so that behind nginx each client is a different address,
/// as learners behind different networks would be. With a <see cref="TestCertificate"/>, exactly that certificate is trusted.
/// </summary>
public static class LoopbackClient
{
    public static HttpClient Create(Uri baseAddress, IPAddress? clientAddress = null, TestCertificate? certificate = null, Version? version = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (clientAddress is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(clientAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(clientAddress, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        if (certificate is not null) handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => certificate.Matches(presented);
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };
        if (version is not null)
        {
            client.DefaultRequestVersion = version;
            client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        return client;
    }

    /// <summary>127.0.0.<paramref name="lastByte"/>.</summary>
    public static IPAddress Address(byte lastByte) => new([127, 0, 0, lastByte]);
}
