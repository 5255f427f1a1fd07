// LanguageTests
