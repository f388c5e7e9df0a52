namespace ChatWidget.Host.Lti.Registration;

/// <summary>Reads a platform's answer into memory, up to a size limit, so a misbehaving endpoint cannot fill Host's memory.</summary>
internal static class BoundedContent
{
    public const int MaxBytes = 64 * 1024;

    /// <exception cref="InvalidDataException">The answer is larger than <see cref="MaxBytes"/>.</exception>
    public static async Task<byte[]> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxBytes) throw new InvalidDataException($"The answer is larger than {MaxBytes} bytes.");
        await using var body = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes) throw new InvalidDataException($"The answer is larger than {MaxBytes} bytes.");
            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }

        return buffer.ToArray();
    }
}
