namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// What a knowledge base editor read: the draft at its row version ("d4"), or, with no draft, the base at its row
/// version ("p2"), like <see cref="ProfileStamp"/>. Every change names the stamp it was based on and is refused when it
/// is no longer current.
/// </summary>
public static class KnowledgeStamp
{
    public static string Of(StoredKnowledgeBaseDraft? draft, StoredKnowledgeBase? knowledgeBase) =>
        draft is not null ? "d" + draft.Text() : knowledgeBase is not null ? "p" + knowledgeBase.Text() : "";
}
