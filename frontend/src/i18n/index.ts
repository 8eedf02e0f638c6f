// i18next with the storefront's two languages. The choice is kept in localStorage; without one, the
// browser's preferred languages decide (Russian for a Russian browser), and English is the fallback.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import ru from "./ru.json";

export const LANGUAGES = ["en", "ru"] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_STORAGE_KEY = "orderservice.language";

function isLanguage(value: string | null | undefined): value is Language {
  return LANGUAGES.includes(value as Language);
}

/** The stored choice if any, else the first of the browser's languages we speak, else English. */
export function detectLanguage(stored: string | null, preferred: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLanguage(base)) return base;
  }
  return "en";
}

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Whether the visitor picked a language themselves (then the account's language does not override it). */
export function hasChosenLanguage(): boolean {
  return isLanguage(storedLanguage());
}

function browserLanguages(): readonly string[] {
  if (typeof navigator === "undefined") return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

function applyToDocument(language: string): void {
  if (typeof document === "undefined") return;
  document.documentElement.lang = language;
}

i18n.on("languageChanged", applyToDocument);

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ru: { translation: ru } },
  lng: detectLanguage(storedLanguage(), browserLanguages()),
  fallbackLng: "en",
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyToDocument(i18n.language);

/** Switches the language and, when `remember`, keeps the choice for the next visit. */
export function changeLanguage(language: Language, { remember = true } = {}): Promise<unknown> {
  if (remember) {
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
    } catch {
      // Private mode without storage: the choice lasts for this page only.
    }
  }
  return i18n.changeLanguage(language);
}

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : "en";
}

export default i18n;
