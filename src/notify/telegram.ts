// Telegram: the bot's sendMessage, HTML text (semaphore-behaviour.md §6.2).
import { jsonRequest, type HttpRequest } from './http-request.ts';

/** `apiUrl` is telegram_api_url (the public Bot API unless a proxy or test peer is set). */
export function telegramRequest(apiUrl: string, token: string, chatId: string, text: string): HttpRequest {
  const base = apiUrl.replace(/\/+$/, '');
  return jsonRequest(`${base}/bot${token}/sendMessage`, { chat_id: chatId, parse_mode: 'HTML', text });
}
