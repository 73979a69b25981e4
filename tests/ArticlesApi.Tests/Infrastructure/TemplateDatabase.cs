namespace ArticlesApi.Tests.Infrastructure;

/// The migrated database of this test run, made once on first use: every test class's database is a
/// copy of it (CREATE DATABASE … TEMPLATE), so no class sees another's rows. An assembly fixture only
/// so that it is dropped after the last test.
public sealed class TemplateDatabase : IAsyncDisposable
{
    static readonly Lazy<Task<TestDatabase>> Shared = new(TestDatabase.MigrateTemplateAsync);

    public static async Task<string> NameAsync() => (await Shared.Value).Name;

    public async ValueTask DisposeAsync()
    {
        if (Shared.IsValueCreated)
            await (await Shared.Value).DisposeAsync();
    }
}
