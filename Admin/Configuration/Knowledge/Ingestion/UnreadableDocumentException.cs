namespace ChatWidget.Admin.Configuration.Knowledge.Ingestion;

/// <summary>A document that cannot become knowledge: its message says why in words an administrator can act on.</summary>
public sealed class UnreadableDocumentException(string message) : Exception(message);
