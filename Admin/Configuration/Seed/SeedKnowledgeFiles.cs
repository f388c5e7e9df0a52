using System.Text;
using ChatWidget.Admin.Configuration.Knowledge.Ingestion;

namespace ChatWidget.Admin.Configuration;

/// <summary>A seeded knowledge base document, read and extracted before anything is written.</summary>
internal sealed record SeedUpload(string FileName, byte[] Content, ExtractedDocument Extracted);

/// <summary>
/// Reads the documents of a seed file's knowledge bases: a <c>file</c> relative to the seed file's directory (never one
/// outside it, by <c>..</c>, an absolute path or a link), or inline <c>text</c>. Every problem is named by its JSON path.
/// </summary>
internal static class SeedKnowledgeFiles
{
    public static async Task<Dictionary<SeedKnowledgeDocument, SeedUpload>> ReadAsync(SeedFileDocument document, string seedFilePath, List<string> errors,
        CancellationToken cancellationToken)
    {
        var root = Path.GetDirectoryName(Path.GetFullPath(seedFilePath))!;
        var uploads = new Dictionary<SeedKnowledgeDocument, SeedUpload>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < (document.KnowledgeBases?.Count ?? 0); i++)
        {
            var documents = document.KnowledgeBases![i]?.Documents ?? [];
            for (var j = 0; j < documents.Count; j++)
            {
                if (documents[j] is not { } seed) continue;
                var field = $"knowledgeBases[{i}].documents[{j}]";
                (string Name, byte[] Bytes)? read = null;
                if (!string.IsNullOrEmpty(seed.File)) read = await ReadFileAsync(root, seed.File, $"{field}.file", errors, cancellationToken);
                else if (!string.IsNullOrEmpty(seed.Text)) read = (FileNameFor(seed.Title), Encoding.UTF8.GetBytes(seed.Text));
                if (read is not { } file) continue;
                try
                {
                    uploads[seed] = new SeedUpload(file.Name, file.Bytes, KnowledgeDocumentReader.Read(file.Name, file.Bytes));
                }
                catch (UnreadableDocumentException e)
                {
                    errors.Add($"{field}{(seed.File is null ? ".text" : ".file")}: {e.Message}");
                }
            }
        }

        return uploads;
    }

    private static async Task<(string, byte[])?> ReadFileAsync(string root, string file, string field, List<string> errors, CancellationToken cancellationToken)
    {
        if (Path.IsPathRooted(file))
        {
            errors.Add($"{field}: must be a path relative to the seed file's directory");
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(root, file));
        if (!IsInside(root, full) || (File.Exists(full) && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target && !IsInside(root, target.FullName)))
        {
            errors.Add($"{field}: \"{file}\" is outside the seed file's directory");
            return null;
        }

        if (!File.Exists(full))
        {
            errors.Add($"{field}: \"{file}\" does not exist (relative to the seed file's directory)");
            return null;
        }

        if (new FileInfo(full).Length > KnowledgeDocumentReader.MaxBytes)
        {
            errors.Add($"{field}: \"{file}\" is larger than {KnowledgeDocumentReader.MaxBytes / (1024 * 1024)} MiB");
            return null;
        }

        return (Path.GetFileName(full), await File.ReadAllBytesAsync(full, cancellationToken));
    }

    private static bool IsInside(string root, string path) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>Inline text is Markdown (or plain text, which is Markdown too), named after its title.</summary>
    private static string FileNameFor(string? title)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var name = new string((title ?? "").Select(c => invalid.Contains(c) ? '-' : c).ToArray()).Trim();
        return (name.Length == 0 ? "text" : name) + ".md";
    }
}
