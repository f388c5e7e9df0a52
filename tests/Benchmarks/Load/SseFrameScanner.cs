using System.Buffers;

namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// Splits a server-sent event stream into frames (blank-line separated) and classifies each by a byte search,
/// without parsing JSON: at thousands of frames a second on a shared 2-core machine, the load generator must
/// stay cheap so that the measured process is Host, not the client.
/// </summary>
public sealed class SseFrameScanner
{
    private static readonly byte[] FrameEnd = "\n\n"u8.ToArray();
    private static readonly byte[] ContentStart = "\"content\":\""u8.ToArray();
    private static readonly byte[] DoneMarker = "data: [DONE]"u8.ToArray();
    private static readonly byte[] ErrorMarker = "\"error\":"u8.ToArray();

    private readonly ArrayBufferWriter<byte> _pending = new(4096);

    /// <summary>Feeds bytes as they arrive and calls <paramref name="onFrame"/> for every complete frame in them.</summary>
    public void Feed(ReadOnlySpan<byte> received, Action<SseFrameKind> onFrame)
    {
        _pending.Write(received);
        var unread = _pending.WrittenSpan;
        int end;
        while ((end = unread.IndexOf(FrameEnd)) >= 0)
        {
            onFrame(Classify(unread[..end]));
            unread = unread[(end + FrameEnd.Length)..];
        }
        var rest = unread.ToArray();
        _pending.ResetWrittenCount();
        _pending.Write(rest);
    }

    private static SseFrameKind Classify(ReadOnlySpan<byte> frame)
    {
        if (frame.StartsWith(DoneMarker)) return SseFrameKind.Done;
        var content = frame.IndexOf(ContentStart);
        // A content frame carries a non-empty string: "content":"" (an empty delta) is not a token.
        if (content >= 0 && content + ContentStart.Length < frame.Length && frame[content + ContentStart.Length] != (byte)'"')
            return SseFrameKind.Content;
        return frame.IndexOf(ErrorMarker) >= 0 ? SseFrameKind.Error : SseFrameKind.Other;
    }
}
