using System.Text;
using System.Text.Json;
using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Configuration.Knowledge;
using ChatWidget.Admin.Tests.Configuration;
using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Tests.Knowledge;

public sealed class KnowledgeCatalogTests
{
    private const string Canary = "canary-document-5d2e81 the secret handshake is three knocks";

    [Fact]
    public async Task A_draft_is_searched_only_once_published_and_each_publish_is_a_new_revision()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        var catalog = store.Catalog();
        Assert.True((await catalog.CreateAsync("cs101", "CS101", "english", KnowledgeSetup.Admin, TestTimeout.Token)).Succeeded);
        var stamp = (await catalog.LoadAsync("cs101", TestTimeout.Token))!.Stamp;
        var added = await catalog.AddDocumentAsync("cs101", "syllabus.txt", Encoding.UTF8.GetBytes("The midterm is in week seven."), "Syllabus",
            "https://lms.example.edu/cs101/syllabus", KnowledgeSetup.Admin, stamp, TestTimeout.Token);
        Assert.True(added.Result.Succeeded, added.Result.Error);

        Assert.Empty(await store.SearchAsync("midterm", "cs101"));
        var view = (await catalog.LoadAsync("cs101", TestTimeout.Token))!;
        Assert.True(view.IsDraft);
        Assert.Null(view.PublishedRevision);
        Assert.Equal("syllabus.txt", view.Files[added.Document!.DocumentId].FileName);

        Assert.True((await catalog.PublishAsync("cs101", KnowledgeSetup.Admin, view.Stamp, TestTimeout.Token)).Succeeded);
        var hit = Assert.Single(await store.SearchAsync("When is the midterm?", "cs101"));
        Assert.Equal(("Syllabus", "https://lms.example.edu/cs101/syllabus", $"doc-{added.Document.DocumentId}"), (hit.SourceTitle, hit.SourceUrl, hit.SourceId));
        var published = (await catalog.LoadAsync("cs101", TestTimeout.Token))!;
        Assert.False(published.IsDraft);
        Assert.Equal(1, published.PublishedRevision);
        Assert.Equal(1, (await store.Live.CurrentAsync(TestTimeout.Token)).KnowledgeRevisions["cs101"]);
    }

    [Fact]
    public async Task A_change_based_on_an_old_stamp_is_refused_and_changes_nothing()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        await store.PublishAsync("cs101", ("a.txt", "Alpha text."));
        var catalog = store.Catalog();
        var opened = (await catalog.LoadAsync("cs101", TestTimeout.Token))!;
        Assert.True((await catalog.SaveDraftAsync("cs101", opened.Content with { Title = "First" }, "other@example.edu", opened.Stamp, TestTimeout.Token)).Succeeded);

        Assert.True((await catalog.SaveDraftAsync("cs101", opened.Content with { Title = "Second" }, KnowledgeSetup.Admin, opened.Stamp, TestTimeout.Token)).IsStale);
        Assert.True((await catalog.PublishAsync("cs101", KnowledgeSetup.Admin, opened.Stamp, TestTimeout.Token)).IsStale);
        Assert.True((await catalog.AddDocumentAsync("cs101", "b.txt", "Beta"u8.ToArray(), null, null, KnowledgeSetup.Admin, opened.Stamp, TestTimeout.Token)).Result.IsStale);
        Assert.True((await catalog.DeleteAsync("cs101", KnowledgeSetup.Admin, opened.Stamp, TestTimeout.Token)).IsStale);
        var now = (await catalog.LoadAsync("cs101", TestTimeout.Token))!;
        Assert.Equal("First", now.Content.Title);
        Assert.Single(now.Content.Documents);
    }

    [Fact]
    public async Task An_unreadable_upload_is_refused_with_a_reason_and_the_draft_keeps_what_it_had()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        await store.PublishAsync("cs101", ("a.txt", "Alpha text."));
        var catalog = store.Catalog();
        var opened = (await catalog.LoadAsync("cs101", TestTimeout.Token))!;

        var added = await catalog.AddDocumentAsync("cs101", "empty.txt", [], null, null, KnowledgeSetup.Admin, opened.Stamp, TestTimeout.Token);

        Assert.False(added.Result.Succeeded);
        Assert.Contains("empty.txt", added.Result.Error);
        var now = (await catalog.LoadAsync("cs101", TestTimeout.Token))!;
        Assert.Equal(opened.Stamp, now.Stamp);
        Assert.Single(now.Content.Documents);
        Assert.True((await catalog.SaveDraftAsync("cs101", now.Content with { Documents = [new KnowledgeDocumentRef(999, "Forged", null)] },
            KnowledgeSetup.Admin, now.Stamp, TestTimeout.Token)).Error?.Contains("not uploaded to this knowledge base"));
        Assert.True((await catalog.SaveDraftAsync("cs101", now.Content with { Documents = [now.Content.Documents[0] with { Url = "javascript:alert(1)" }] },
            KnowledgeSetup.Admin, now.Stamp, TestTimeout.Token)).Error?.Contains("Documents[0].Url"));
    }

    [Fact]
    public async Task Restore_publishes_an_old_revision_again_and_revisions_compare_field_by_field()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        await store.PublishAsync("cs101", ("a.txt", "The lab is in room A."));
        var catalog = store.Catalog();
        var view = (await catalog.LoadAsync("cs101", TestTimeout.Token))!;
        var removed = view.Content with { Title = "Renamed", Documents = [], Entries = [new KnowledgeEntry("Where is the lab?", "Room C.")] };
        Assert.True((await catalog.SaveDraftAsync("cs101", removed, KnowledgeSetup.Admin, view.Stamp, TestTimeout.Token)).Succeeded);
        await store.PublishDraftAsync("cs101");
        Assert.Equal("entry-1", Assert.Single(await store.SearchAsync("where is the lab", "cs101")).SourceId);

        Assert.True((await catalog.RestoreAsync("cs101", 1, KnowledgeSetup.Admin, TestTimeout.Token)).Succeeded);

        Assert.Equal([3, 2, 1], (await catalog.RevisionsAsync("cs101", TestTimeout.Token)).Select(r => r.Number));
        Assert.Contains("room A", Assert.Single(await store.SearchAsync("where is the lab", "cs101")).Text);
        var differences = await catalog.CompareAsync("cs101", 1, 2, TestTimeout.Token);
        Assert.Equal(["Title", "Documents", "Entries"], differences!.Select(d => d.Field));
        Assert.Empty((await catalog.CompareAsync("cs101", 1, 3, TestTimeout.Token))!);
        Assert.Null(await catalog.CompareAsync("cs101", 1, 9, TestTimeout.Token));
    }

    [Fact]
    public async Task Publishing_appends_a_version_to_every_attached_profile_recording_the_revision()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        await store.PublishAsync("cs101", ("a.txt", "Alpha."));
        var profiles = store.Profiles();
        var demo = (await profiles.LoadAsync("demo", TestTimeout.Token))!.Value;
        var grounded = demo.Document with { KnowledgeBases = ["cs101"], KnowledgeMaxTokens = 800, OnlyFromSources = true };
        Assert.True((await profiles.SaveDraftAsync("demo", grounded, KnowledgeSetup.Admin, demo.Stamp, TestTimeout.Token)).Succeeded);
        var draft = (await profiles.LoadAsync("demo", TestTimeout.Token))!.Value;
        Assert.True((await profiles.PublishAsync("demo", KnowledgeSetup.Admin, draft.Stamp, TestTimeout.Token)).Succeeded);
        Assert.Equal(1, ProfileDocument.FromJson((await profiles.VersionsAsync("demo", TestTimeout.Token))[0].Json).KnowledgeRevisions!["cs101"]);

        var view = (await store.Catalog().LoadAsync("cs101", TestTimeout.Token))!;
        Assert.True((await store.Catalog().SaveDraftAsync("cs101", view.Content with { Title = "New title" }, KnowledgeSetup.Admin, view.Stamp, TestTimeout.Token)).Succeeded);
        await store.PublishDraftAsync("cs101");

        var newest = (await profiles.VersionsAsync("demo", TestTimeout.Token))[0];
        Assert.Equal(KnowledgeSetup.Admin, newest.PublishedBy);
        Assert.Equal("knowledge cs101 revision 2", ProfileDocument.DescribeRevisions(ProfileDocument.FromJson(newest.Json).KnowledgeRevisions));
        var grounding = (await store.Live.CurrentAsync(TestTimeout.Token)).Profiles["demo"].Grounding;
        Assert.Equal(["cs101"], grounding.KnowledgeBaseIds);
        Assert.Equal((800, true), (grounding.MaxTokens, grounding.OnlyFromSources));
    }

    [Fact]
    public async Task A_profile_cannot_publish_an_unpublished_base_nor_a_non_openai_embedding_model()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        Assert.True((await store.Catalog().CreateAsync("draft-only", "Draft", "english", KnowledgeSetup.Admin, TestTimeout.Token)).Succeeded);
        var profiles = store.Profiles();
        var demo = (await profiles.LoadAsync("demo", TestTimeout.Token))!.Value;
        Assert.True((await profiles.SaveDraftAsync("demo", demo.Document with { KnowledgeBases = ["draft-only"], EmbeddingModel = "offline" },
            KnowledgeSetup.Admin, demo.Stamp, TestTimeout.Token)).Succeeded);
        var draft = (await profiles.LoadAsync("demo", TestTimeout.Token))!.Value;

        var result = await profiles.PublishAsync("demo", KnowledgeSetup.Admin, draft.Stamp, TestTimeout.Token);

        Assert.Contains("The knowledge base draft-only does not exist or is not published.", result.Error);
        Assert.Contains("The embedding model offline is not an openai model", result.Error);
    }

    [Fact]
    public async Task Delete_is_refused_while_a_profile_names_the_base_and_removes_everything_after()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        await store.PublishAsync("cs101", ("a.txt", "Alpha text."));
        var profiles = store.Profiles();
        var demo = (await profiles.LoadAsync("demo", TestTimeout.Token))!.Value;
        Assert.True((await profiles.SaveDraftAsync("demo", demo.Document with { KnowledgeBases = ["cs101"] }, KnowledgeSetup.Admin, demo.Stamp, TestTimeout.Token)).Succeeded);
        var catalog = store.Catalog();

        var refused = await catalog.DeleteAsync("cs101", KnowledgeSetup.Admin, (await catalog.LoadAsync("cs101", TestTimeout.Token))!.Stamp, TestTimeout.Token);
        Assert.Equal("The knowledge base cs101 is used by profile demo (draft); change those first.", refused.Error);

        var draft = (await profiles.LoadAsync("demo", TestTimeout.Token))!.Value;
        Assert.True((await profiles.DiscardDraftAsync("demo", KnowledgeSetup.Admin, draft.Stamp, TestTimeout.Token)).Succeeded);
        Assert.True((await catalog.DeleteAsync("cs101", KnowledgeSetup.Admin, (await catalog.LoadAsync("cs101", TestTimeout.Token))!.Stamp, TestTimeout.Token)).Succeeded);
        Assert.Empty(await store.SearchAsync("alpha", "cs101"));
        await using var db = await store.OpenContextAsync();
        Assert.Empty(db.KnowledgeDocuments);
        Assert.Empty(db.KnowledgeBaseRevisions);
        // FTS5 checks its index against the content table: the triggers removed the deleted chunks from it.
        await db.Database.ExecuteSqlRawAsync("INSERT INTO \"KnowledgeChunksFts\"(\"KnowledgeChunksFts\", rank) VALUES ('integrity-check', 1)", TestTimeout.Token);
    }

    [Fact]
    public async Task Every_change_is_audited_and_no_document_text_reaches_the_log_or_the_audit()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        await store.PublishAsync("cs101", ("secret.txt", Canary));
        Assert.Single(await store.SearchAsync("What is the secret handshake " + Canary, "cs101"));

        await using var db = await store.OpenContextAsync();
        var audit = await db.AuditLog.Where(e => e.TargetType == "knowledge").OrderBy(e => e.Id).ToListAsync(TestTimeout.Token);
        Assert.Equal(["knowledge.create", "knowledge.add-document secret.txt", "knowledge.publish"], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal(KnowledgeSetup.Admin, e.Actor));
        Assert.DoesNotContain("canary-document", JsonSerializer.Serialize(audit));
        Assert.DoesNotContain("canary-document", store.Logs.AllText);
    }
}
