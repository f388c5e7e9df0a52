using ChatWidget.Host.Knowledge;

namespace ChatWidget.Host.Chat;

/// <summary>
/// Reads which of a turn's numbered sources an answer cites, as <c>[2]</c> or <c>[1, 3]</c>, from its text piece by
/// piece: a citation split across streamed chunks (<c>"[</c>" then "<c>2]</c>") still counts. Numbers without a source
/// are ignored. One reader per answer.
/// </summary>
public sealed class CitationReader(IReadOnlyList<KnowledgeSource> sources)
{
    private const int MaxDigits = 4;

    private readonly bool[] _cited = new bool[sources.Count];
    private readonly List<int> _pending = [];
    private bool _inBrackets;
    private int _number;
    private int _digits;

    public void Read(string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        foreach (var c in text)
        {
            if (c == '[')
            {
                Open();
            }
            else if (!_inBrackets)
            {
                // Outside a bracket nothing is pending.
            }
            else if (char.IsAsciiDigit(c) && _digits < MaxDigits)
            {
                _number = _number * 10 + (c - '0');
                _digits++;
            }
            else if (c is ',' or ' ' && (_digits > 0 || (c == ' ' && _pending.Count > 0)))
            {
                if (_digits > 0) _pending.Add(_number);
                (_number, _digits) = (0, 0);
            }
            else if (c == ']' && _digits > 0)
            {
                _pending.Add(_number);
                foreach (var number in _pending)
                {
                    if (number >= 1 && number <= _cited.Length) _cited[number - 1] = true;
                }

                _inBrackets = false;
            }
            else
            {
                _inBrackets = false;
            }
        }
    }

    /// <summary>The cited sources in number order, or null when the answer cites none.</summary>
    public IReadOnlyList<KnowledgeSource>? Cited()
    {
        List<KnowledgeSource>? cited = null;
        for (var i = 0; i < _cited.Length; i++)
        {
            if (_cited[i]) (cited ??= []).Add(sources[i]);
        }

        return cited;
    }

    /// <summary>A reader for a turn with sources, or null (nothing to read) when it has none.</summary>
    public static CitationReader? For(IReadOnlyList<KnowledgeSource> sources) => sources.Count == 0 ? null : new CitationReader(sources);

    private void Open()
    {
        _inBrackets = true;
        _pending.Clear();
        (_number, _digits) = (0, 0);
    }
}
