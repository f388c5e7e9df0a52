using System.Text;
using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Configuration.Knowledge;
using ChatWidget.Admin.Tests.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Admin.Tests.Knowledge;

/// <summary>Knowledge bases made through the catalog, as an administrator would: create, upload, publish.</summary>
internal static class KnowledgeSetup
{
    public const string Admin = "admin@example.edu";

    public static KnowledgeCatalog Catalog(this ConfigurationStoreHarness store) => store.Services.GetRequiredService<KnowledgeCatalog>();

    public static IKnowledgeIndex Index(this ConfigurationStoreHarness store) => store.Services.GetRequiredService<IKnowledgeIndex>();

    public static ProfileCatalog Profiles(this ConfigurationStoreHarness store) =>
        new(store.Services.GetRequiredService<IDbContextFactory<ConfigurationDbContext>>(), TimeProvider.System);

    /// <summary>Creates <paramref name="id"/> with one uploaded text document per (file name, text) and publishes it.</summary>
    public static async Task PublishAsync(this ConfigurationStoreHarness store, string id, params (string FileName, string Text)[] documents)
    {
        var catalog = store.Catalog();
        Assert.True((await catalog.CreateAsync(id, id.ToUpperInvariant() + " material", KnowledgeLanguages.Default, Admin, TestTimeout.Token)).Succeeded);
        foreach (var (fileName, text) in documents)
        {
            var stamp = (await catalog.LoadAsync(id, TestTimeout.Token))!.Stamp;
            var added = await catalog.AddDocumentAsync(id, fileName, Encoding.UTF8.GetBytes(text), Path.GetFileNameWithoutExtension(fileName), null, Admin, stamp, TestTimeout.Token);
            Assert.True(added.Result.Succeeded, added.Result.Error);
        }

        await PublishDraftAsync(store, id);
    }

    public static async Task PublishDraftAsync(this ConfigurationStoreHarness store, string id)
    {
        var stamp = (await store.Catalog().LoadAsync(id, TestTimeout.Token))!.Stamp;
        var published = await store.Catalog().PublishAsync(id, Admin, stamp, TestTimeout.Token);
        Assert.True(published.Succeeded, published.Error);
    }

    public static async Task<IReadOnlyList<KnowledgeHit>> SearchAsync(this ConfigurationStoreHarness store, string question, params string[] bases) =>
        await store.Index().SearchAsync(bases, question, 5, TestTimeout.Token);
}
