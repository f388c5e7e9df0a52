using System.Globalization;

namespace ChatWidget.Benchmarks.Upstream;

/// <summary>
/// How the fake upstream streams an answer: how many content chunks, the pause between them and the pause
/// before the first. It travels in the base URL (<c>/shape/{chunks}/{intervalMs}/{ttftMs}/v1</c>), so Host's
/// model configuration and a direct request name exactly the same answer.
/// </summary>
public sealed record StreamShape(int Chunks, int IntervalMilliseconds, int FirstTokenMilliseconds)
{
    public string BasePath => string.Create(CultureInfo.InvariantCulture,
        $"/shape/{Chunks}/{IntervalMilliseconds}/{FirstTokenMilliseconds}/v1");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Chunks} chunks, {IntervalMilliseconds} ms apart, first after {FirstTokenMilliseconds} ms");
}
