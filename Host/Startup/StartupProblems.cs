using System.Reflection;
using System.Text.RegularExpressions;
using ChatWidget.Admin.Configuration;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Startup;

/// <summary>
/// What stops Host before it serves or runs a command and only the operator can fix: a bad setting, an invalid seed
/// file, a database it cannot use. Each problem is one line naming the setting or the seed file's JSON path, printed to
/// standard error, and Host exits with code 1: no stack trace, no abort. Anything else is a bug and stays unhandled.
/// </summary>
public static partial class StartupProblems
{
    public const int ExitCode = 1;

    /// <summary>
    /// When such a problem escapes the entry point, prints it and exits with <see cref="ExitCode"/> before the runtime
    /// would print the stack trace and abort. In process (WebApplicationFactory) nothing is unhandled: the test host
    /// receives the exception itself.
    /// </summary>
    public static void ExitOnStartupProblem() => AppDomain.CurrentDomain.UnhandledException += (_, e) =>
    {
        if (e.ExceptionObject is Exception exception && Of(exception) is { } problems)
        {
            Environment.Exit(Report(problems, Console.Error));
        }
    };

    /// <summary>
    /// Runs every <c>ValidateOnStart</c> check now, all at once, before any code reads an option: otherwise the first
    /// read throws from wherever it is, and the hosting layer logs each failure with its stack trace before rethrowing.
    /// </summary>
    public static void ValidateOptions(this WebApplication app) => app.Services.GetService<IStartupValidator>()?.Validate();

    /// <summary>The operator's problems in <paramref name="exception"/>, or null when it is not one of them.</summary>
    public static IReadOnlyList<string>? Of(Exception exception) => exception switch
    {
        OptionsValidationException options => Settings(options),
        AggregateException { InnerExceptions: var all } when all.All(e => Of(e) is not null) => all.SelectMany(e => Of(e)!).Distinct().ToList(),
        InvalidSeedFileException seed => seed.Errors.Select(error => $"seed file {seed.SeedFilePath}: {error}").ToList(),
        ConfigurationDatabaseUnavailableException database => [database.Message],
        // The configuration binder's error for a value of the wrong type; it quotes the value, which may be a secret.
        InvalidOperationException { Message: var message } when Conversion().Match(message) is { Success: true } match =>
            [$"{match.Groups["setting"].Value}: must be {Friendly(match.Groups["type"].Value)}."],
        _ => null,
    };

    /// <summary>Writes the problem on one line, or several as a list of one a line, and returns the exit code.</summary>
    public static int Report(IReadOnlyList<string> problems, TextWriter error)
    {
        if (problems.Count == 1) error.WriteLine("ChatWidget cannot start: " + problems[0]);
        else error.WriteLine($"ChatWidget cannot start ({problems.Count} problems):");
        foreach (var problem in problems.Skip(problems.Count == 1 ? 1 : 0)) error.WriteLine("  - " + problem);
        error.Flush();
        return ExitCode;
    }

    /// <summary>
    /// Validators of this project already begin with the setting (<c>ChatWidget:Widget:DistDirectory: …</c>); a data
    /// annotation's message names only the member, so its setting is built from the options' section name.
    /// </summary>
    private static List<string> Settings(OptionsValidationException exception) =>
        exception.Failures.Select(failure => DataAnnotation().Match(failure) switch
            {
                // A rule of the whole object (IValidatableObject) names its setting itself.
                { Success: true, Groups: var g } when g["members"].Value.Length == 0 => g["error"].Value,
                { Success: true, Groups: var g } => $"{SettingOf(exception.OptionsType, g["members"].Value)}: {g["error"].Value.TrimEnd('.')}.",
                _ => failure,
            })
            .ToList();

    private static string SettingOf(Type options, string members)
    {
        var section = options.GetFields(BindingFlags.Public | BindingFlags.Static)
            .FirstOrDefault(f => f is { IsLiteral: true } && f.FieldType == typeof(string) && f.Name is "SectionName" or "Section")
            ?.GetRawConstantValue() as string;
        var names = members.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return string.Join(", ", names.Select(name => section is null ? $"{options.Name}.{name}" : $"{section}:{name}"));
    }

    private static string Friendly(string type) => type switch
    {
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Double" or "System.Single" or "System.Decimal" => "a number",
        "System.Boolean" => "true or false",
        "System.TimeSpan" => "a time span such as 00:00:30",
        "System.Uri" => "an absolute URL",
        _ => "a value of type " + type,
    };

    // Microsoft.Extensions.Configuration.Binder: "Failed to convert configuration value 'V' at 'A:B' to type 'T'."
    [GeneratedRegex("^Failed to convert configuration value .* at '(?<setting>[^']+)' to type '(?<type>[^']+)'\\.$", RegexOptions.Singleline)]
    private static partial Regex Conversion();

    // Microsoft.Extensions.Options.DataAnnotations: "DataAnnotation validation failed for 'T' members: 'A,B' with the error: '...'."
    [GeneratedRegex("^DataAnnotation validation failed for '[^']*' members: '(?<members>[^']*)' with the error: '(?<error>.*)'\\.$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotation();
}
