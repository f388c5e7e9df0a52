namespace ChatWidget.MultiInstance.Tests.Cluster.Soak;

/// <summary>What a soak learner asked for.</summary>
public enum SoakRequestKind
{
    /// <summary>A launch token exchanged for the first time.</summary>
    Launch,

    /// <summary>A launch token exchanged again right after its launch succeeded: it must be refused.</summary>
    Replay,

    /// <summary>A streamed chat turn.</summary>
    Turn,
}
