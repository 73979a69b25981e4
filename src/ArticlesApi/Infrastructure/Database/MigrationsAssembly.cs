using System.Reflection;

namespace ArticlesApi.Infrastructure.Database;

/// The migrations live in migrations/ArticlesApi.Migrations, a library that references this project,
/// so this project cannot reference it back; its build copies the assembly next to ours.
public static class MigrationsAssembly
{
    public const string Name = "ArticlesApi.Migrations";

    static readonly Lazy<Assembly?> Loaded = new(Load);

    public static Assembly? Find() => Loaded.Value;

    public static void Use(Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder npgsql)
    {
        if (Find() is { } assembly)
            npgsql.MigrationsAssembly(assembly);
        else
            npgsql.MigrationsAssembly(Name);
    }

    static Assembly? Load()
    {
        try
        {
            return Assembly.Load(Name);
        }
        catch (FileNotFoundException)
        {
            var path = Path.Combine(AppContext.BaseDirectory, Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
