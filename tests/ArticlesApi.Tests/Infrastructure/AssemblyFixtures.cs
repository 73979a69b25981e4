using ArticlesApi.Tests.Infrastructure;

// Each test class has its own ApiFactory (IClassFixture); the run's migrated template is dropped at the end.
[assembly: AssemblyFixture(typeof(TemplateDatabase))]
