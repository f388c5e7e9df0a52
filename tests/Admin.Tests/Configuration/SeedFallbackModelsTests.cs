using System.Text.Json.Nodes;
using ChatWidget.Admin.Configuration;

namespace ChatWidget.Admin.Tests.Configuration;

/// <summary>A profile's <c>fallbackModels</c>: the models Host tries when the profile's model fails before answering.</summary>
public sealed class SeedFallbackModelsTests
{
    [Fact]
    public async Task Fallback_models_round_trip_into_the_snapshot_and_default_to_none()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        var seed = SeedFiles.Valid();
        seed["profiles"]![0]!["fallbackModels"] = new JsonArray("offline");
        await store.Importer.ImportAsync(store.WriteFile("seed.json", SeedFiles.Serialize(seed)), TestTimeout.Token);

        var snapshot = await store.Live.CurrentAsync(TestTimeout.Token);

        Assert.Equal(["offline"], snapshot.Profiles["support"].FallbackModels);
        Assert.Empty(snapshot.Profiles["biology-101"].FallbackModels);
    }

    [Fact]
    public async Task An_unknown_fallback_model_is_refused_with_its_path()
    {
        await using var store = await ConfigurationStoreHarness.StartAsync();
        var seed = SeedFiles.Valid();
        seed["profiles"]![0]!["fallbackModels"] = new JsonArray("offline", "nope");

        var error = await Assert.ThrowsAsync<InvalidSeedFileException>(() =>
            store.Importer.ImportAsync(store.WriteFile("seed.json", SeedFiles.Serialize(seed)), TestTimeout.Token));

        Assert.Contains(error.Errors, e => e.StartsWith("profiles[0].fallbackModels[1]", StringComparison.Ordinal) && e.Contains("\"nope\""));
    }
}
