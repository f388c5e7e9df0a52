using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ChatWidget.TestServers;

/// <summary>A loopback TCP port nobody listens on right now.</summary>
public static class FreePort
{
    // The kernel may hand the port it just released to the next request for any port, so two ports asked for one after
    // the other (nginx's HTTP and HTTPS listeners) could be the same one: then both server blocks share it and every
    // request lands in the first (the redirect to HTTPS). A port is therefore never given twice in one test process.
    private static readonly ConcurrentDictionary<int, byte> Given = new();

    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (Given.TryAdd(port, 0)) return port;
        }
    }

    /// <summary>Waits until something accepts connections on the port, or throws with what the server printed.</summary>
    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout, Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"Nothing listened on 127.0.0.1:{port} after {timeout.TotalSeconds} s.\n{diagnostics()}");
    }
}
