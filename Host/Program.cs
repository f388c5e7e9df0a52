using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Chat;
using ChatWidget.Host.Llm;
using ChatWidget.Host.Sessions;

var builder = WebApplication.CreateBuilder(args);

// Configuration: models, profiles, platforms and team access, stored by Admin and read live by Host.
builder.AddConfigurationStore();

// Sessions: platform launch tokens exchanged for Host's short-lived access tokens.
builder.AddSessions();

// LLM: IChatClient per model (official OpenAI SDK, Betalgo.Ranul.OpenAI, or the offline responder).
builder.AddLlmClients();

// Chat: the stateless OpenAI-compatible completion endpoint.
builder.AddChat();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();

app.MapTokenExchange();
app.MapChat();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
