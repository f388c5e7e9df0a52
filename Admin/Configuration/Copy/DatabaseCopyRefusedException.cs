namespace ChatWidget.Admin.Configuration;

/// <summary>The copy would have mixed two installations (the target is not empty); nothing was written.</summary>
public sealed class DatabaseCopyRefusedException(string message) : Exception(message);
