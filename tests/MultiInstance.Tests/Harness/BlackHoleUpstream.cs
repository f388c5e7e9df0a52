using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ChatWidget.MultiInstance.Tests.Harness;

/// <summary>
/// A fake instance for nginx's upstream that accepts a connection, reads the request and hangs up without answering:
/// what nginx sees when an instance crashes in the middle of a request. It records the request lines it received.
/// </summary>
public sealed class BlackHoleUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly Task _accepting;

    private BlackHoleUpstream()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The request lines received, e.g. <c>POST /api/token HTTP/1.1</c>.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    public static BlackHoleUpstream Start() => new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = HangUpAsync(client);
        }
    }

    private async Task HangUpAsync(TcpClient client)
    {
        using (client)
        {
            var received = new StringBuilder();
            var buffer = new byte[8192];
            var stream = client.GetStream();
            try
            {
                // Until the end of the request headers: the request has been sent as far as nginx can tell.
                while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0) return;
                    received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                return;
            }

            _requests.Enqueue(received.ToString().Split("\r\n")[0]);
            client.Client.LingerState = new LingerOption(true, 0); // reset, no answer
        }
    }
}
