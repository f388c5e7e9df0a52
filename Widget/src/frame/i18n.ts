const en = {
  title: 'Chat',
  newConversation: 'New conversation',
  close: 'Close chat',
  send: 'Send',
  stop: 'Stop',
  copy: 'Copy',
  copied: 'Copied',
  retry: 'Retry',
  regenerate: 'Regenerate answer',
  messageLabel: 'Your message',
  placeholder: 'Type your message…',
  charsLeft: '{n} characters left',
  connecting: 'Connecting…',
  conversation: 'Conversation',
  suggestions: 'Suggestions',
  you: 'You',
  assistant: 'Assistant',
  answerReady: 'Answer received: {text}',
  stopped: 'Stopped',
  sessionExpired: 'Your session has expired — reload the page to continue.',
  rateLimited: 'Too many messages, try again in {s} s.',
  unavailable: 'The assistant is unavailable, try again.',
  offline: "You're offline. Check your connection, then try again.",
  forbidden: "This page isn't allowed to use the assistant.",
  tooLarge: 'Your message is too long. Shorten it and try again.',
  badRequest: "The message couldn't be sent. Try again.",
  stream: 'The answer was interrupted. Try again.',
  notEmbedded: 'This chat only works inside the page that embeds it.',
  teamTitle: 'Team chat',
  teamPassword: 'Team password',
  teamStart: 'Start chatting',
  teamRefused: 'The password was not accepted, or team access is switched off.',
  teamChanged: 'Team access changed — enter the current password.',
  teamRateLimited: 'Too many attempts, try again in {s} s.',
};
export type Strings = typeof en;

const fr: Strings = {
  title: 'Discussion',
  newConversation: 'Nouvelle conversation',
  close: 'Fermer la discussion',
  send: 'Envoyer',
  stop: 'Arrêter',
  copy: 'Copier',
  copied: 'Copié',
  retry: 'Réessayer',
  regenerate: 'Régénérer la réponse',
  messageLabel: 'Votre message',
  placeholder: 'Écrivez votre message…',
  charsLeft: '{n} caractères restants',
  connecting: 'Connexion…',
  conversation: 'Conversation',
  suggestions: 'Suggestions',
  you: 'Vous',
  assistant: 'Assistant',
  answerReady: 'Réponse reçue : {text}',
  stopped: 'Arrêté',
  sessionExpired: 'Votre session a expiré — rechargez la page pour continuer.',
  rateLimited: 'Trop de messages, réessayez dans {s} s.',
  unavailable: "L'assistant est indisponible, réessayez.",
  offline: 'Vous êtes hors ligne. Vérifiez votre connexion, puis réessayez.',
  forbidden: "Cette page n'est pas autorisée à utiliser l'assistant.",
  tooLarge: 'Votre message est trop long. Raccourcissez-le et réessayez.',
  badRequest: "Le message n'a pas pu être envoyé. Réessayez.",
  stream: 'La réponse a été interrompue. Réessayez.',
  notEmbedded: "Cette discussion ne fonctionne que dans la page qui l'intègre.",
  teamTitle: "Discussion de l'équipe",
  teamPassword: "Mot de passe de l'équipe",
  teamStart: 'Commencer la discussion',
  teamRefused: "Le mot de passe n'a pas été accepté, ou l'accès de l'équipe est désactivé.",
  teamChanged: "L'accès de l'équipe a changé — saisissez le mot de passe actuel.",
  teamRateLimited: 'Trop de tentatives, réessayez dans {s} s.',
};

const de: Strings = {
  title: 'Chat',
  newConversation: 'Neues Gespräch',
  close: 'Chat schließen',
  send: 'Senden',
  stop: 'Stopp',
  copy: 'Kopieren',
  copied: 'Kopiert',
  retry: 'Erneut versuchen',
  regenerate: 'Antwort neu erzeugen',
  messageLabel: 'Ihre Nachricht',
  placeholder: 'Nachricht eingeben…',
  charsLeft: 'Noch {n} Zeichen',
  connecting: 'Verbinden…',
  conversation: 'Gespräch',
  suggestions: 'Vorschläge',
  you: 'Sie',
  assistant: 'Assistent',
  answerReady: 'Antwort erhalten: {text}',
  stopped: 'Angehalten',
  sessionExpired: 'Ihre Sitzung ist abgelaufen — laden Sie die Seite neu.',
  rateLimited: 'Zu viele Nachrichten, versuchen Sie es in {s} s erneut.',
  unavailable: 'Der Assistent ist nicht erreichbar, versuchen Sie es erneut.',
  offline: 'Sie sind offline. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  forbidden: 'Diese Seite darf den Assistenten nicht verwenden.',
  tooLarge: 'Ihre Nachricht ist zu lang. Kürzen Sie sie und versuchen Sie es erneut.',
  badRequest: 'Die Nachricht konnte nicht gesendet werden. Versuchen Sie es erneut.',
  stream: 'Die Antwort wurde unterbrochen. Versuchen Sie es erneut.',
  notEmbedded: 'Dieser Chat funktioniert nur in der Seite, die ihn einbettet.',
  teamTitle: 'Team-Chat',
  teamPassword: 'Team-Passwort',
  teamStart: 'Chat beginnen',
  teamRefused: 'Das Passwort wurde nicht angenommen, oder der Team-Zugang ist ausgeschaltet.',
  teamChanged: 'Der Team-Zugang hat sich geändert — geben Sie das aktuelle Passwort ein.',
  teamRateLimited: 'Zu viele Versuche, versuchen Sie es in {s} s erneut.',
};

const ar: Strings = {
  title: 'المحادثة',
  newConversation: 'محادثة جديدة',
  close: 'إغلاق المحادثة',
  send: 'إرسال',
  stop: 'إيقاف',
  copy: 'نسخ',
  copied: 'تم النسخ',
  retry: 'إعادة المحاولة',
  regenerate: 'إعادة إنشاء الإجابة',
  messageLabel: 'رسالتك',
  placeholder: 'اكتب رسالتك…',
  charsLeft: 'متبقٍ {n} حرفًا',
  connecting: 'جارٍ الاتصال…',
  conversation: 'المحادثة',
  suggestions: 'اقتراحات',
  you: 'أنت',
  assistant: 'المساعد',
  answerReady: 'وصلت الإجابة: {text}',
  stopped: 'تم الإيقاف',
  sessionExpired: 'انتهت جلستك — أعد تحميل الصفحة للمتابعة.',
  rateLimited: 'رسائل كثيرة جدًا، حاول مرة أخرى بعد {s} ثانية.',
  unavailable: 'المساعد غير متاح، حاول مرة أخرى.',
  offline: 'أنت غير متصل بالإنترنت. تحقق من اتصالك ثم حاول مرة أخرى.',
  forbidden: 'هذه الصفحة غير مسموح لها باستخدام المساعد.',
  tooLarge: 'رسالتك طويلة جدًا. اختصرها وحاول مرة أخرى.',
  badRequest: 'تعذر إرسال الرسالة. حاول مرة أخرى.',
  stream: 'انقطعت الإجابة. حاول مرة أخرى.',
  notEmbedded: 'تعمل هذه المحادثة فقط داخل الصفحة التي تضمّنها.',
  teamTitle: 'محادثة الفريق',
  teamPassword: 'كلمة مرور الفريق',
  teamStart: 'ابدأ المحادثة',
  teamRefused: 'لم تُقبل كلمة المرور، أو أن وصول الفريق متوقف.',
  teamChanged: 'تغيّر وصول الفريق — أدخل كلمة المرور الحالية.',
  teamRateLimited: 'محاولات كثيرة جدًا، حاول مرة أخرى بعد {s} ثانية.',
};

const catalogs: Record<string, Strings> = { en, fr, de, ar };
const RTL = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

/** The primary language subtag we have strings for, or null ("fr-CA" -> "fr"). */
export function supportedLocale(tag: string | null | undefined): string | null {
  const lang = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return lang in catalogs ? lang : null;
}

export function isRtl(tag: string | null | undefined): boolean {
  return RTL.has((tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '');
}

export function strings(locale: string): Strings {
  return catalogs[locale] ?? en;
}

export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
