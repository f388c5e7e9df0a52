namespace ChatWidget.Host.Sessions;

/// <summary>
/// The key ring in <c>host-keys.json</c> (mode 0600) in the data directory: the SQLite installation's store, as before
/// PostgreSQL support, so existing installations keep their keys. Writes go to a temporary file that is then moved
/// into place, so a reader never sees half a ring.
/// </summary>
public sealed class HostKeyRingFileStore(HostKeyRingFile file) : IHostKeyRingStore
{
    public string Location => $"the host key file {file.Path}";

    public async Task<HostKeyRingRecord?> ReadAsync(CancellationToken cancellationToken)
    {
        // The write time is taken before the content: a write in between then shows as a change at the next reload.
        var info = new FileInfo(file.Path);
        if (!info.Exists) return null;
        var revision = info.LastWriteTimeUtc.Ticks;
        try
        {
            return new HostKeyRingRecord(await File.ReadAllTextAsync(file.Path, cancellationToken), revision);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public async Task<HostKeyRingRecord?> TryCreateAsync(string protectedKeys, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file.Path)!);
        var temp = await WriteTemporaryAsync(protectedKeys, cancellationToken);
        try
        {
            File.Move(temp, file.Path, overwrite: false);
        }
        catch (IOException) when (File.Exists(file.Path))
        {
            File.Delete(temp);
            return null;
        }

        return await ReadAsync(cancellationToken);
    }

    public async Task<HostKeyRingRecord?> TryReplaceAsync(HostKeyRingRecord current, string protectedKeys, CancellationToken cancellationToken)
    {
        // With SQLite one process writes at a time (the server, or the CLI beside it); HostKeyRing serialises its own writes.
        var temp = await WriteTemporaryAsync(protectedKeys, cancellationToken);
        File.Move(temp, file.Path, overwrite: true);
        return await ReadAsync(cancellationToken);
    }

    private async Task<string> WriteTemporaryAsync(string protectedKeys, CancellationToken cancellationToken)
    {
        var temp = $"{file.Path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var stream = new FileStream(temp, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(protectedKeys.AsMemory(), cancellationToken);
        }

        return temp;
    }
}
