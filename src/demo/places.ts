/**
 * The demo's world: real cities with their true centre coordinates (WGS 84, degrees), ISO 3166-1 alpha-2 country,
 * IANA time zone, a fixed standard UTC offset (daylight saving is ignored on purpose: the demo's local hours only
 * shape activity, they are not a calendar), a locale, and a weight (rough share of the shop's customers).
 */
export interface City {
  city: string;
  country: string;
  lat: number;
  lon: number;
  timezone: string;
  utcOffsetHours: number;
  locale: string;
  weight: number;
}

const c = (
  city: string,
  country: string,
  lat: number,
  lon: number,
  timezone: string,
  utcOffsetHours: number,
  locale: string,
  weight: number,
): City => ({ city, country, lat, lon, timezone, utcOffsetHours, locale, weight });

export const CITIES: readonly City[] = [
  c("New York", "US", 40.7128, -74.006, "America/New_York", -5, "en-US", 10),
  c("Los Angeles", "US", 34.0522, -118.2437, "America/Los_Angeles", -8, "en-US", 7),
  c("Chicago", "US", 41.8781, -87.6298, "America/Chicago", -6, "en-US", 5),
  c("San Francisco", "US", 37.7749, -122.4194, "America/Los_Angeles", -8, "en-US", 4),
  c("Austin", "US", 30.2672, -97.7431, "America/Chicago", -6, "en-US", 3),
  c("Seattle", "US", 47.6062, -122.3321, "America/Los_Angeles", -8, "en-US", 3),
  c("Toronto", "CA", 43.6532, -79.3832, "America/Toronto", -5, "en-CA", 4),
  c("Mexico City", "MX", 19.4326, -99.1332, "America/Mexico_City", -6, "es-MX", 3),
  c("São Paulo", "BR", -23.5505, -46.6333, "America/Sao_Paulo", -3, "pt-BR", 3),
  c("Buenos Aires", "AR", -34.6037, -58.3816, "America/Argentina/Buenos_Aires", -3, "es-AR", 2),
  c("London", "GB", 51.5074, -0.1278, "Europe/London", 0, "en-GB", 8),
  c("Manchester", "GB", 53.4808, -2.2426, "Europe/London", 0, "en-GB", 2),
  c("Paris", "FR", 48.8566, 2.3522, "Europe/Paris", 1, "fr-FR", 5),
  c("Berlin", "DE", 52.52, 13.405, "Europe/Berlin", 1, "de-DE", 5),
  c("Munich", "DE", 48.1351, 11.582, "Europe/Berlin", 1, "de-DE", 2),
  c("Madrid", "ES", 40.4168, -3.7038, "Europe/Madrid", 1, "es-ES", 3),
  c("Amsterdam", "NL", 52.3676, 4.9041, "Europe/Amsterdam", 1, "nl-NL", 3),
  c("Stockholm", "SE", 59.3293, 18.0686, "Europe/Stockholm", 1, "sv-SE", 2),
  c("Milan", "IT", 45.4642, 9.19, "Europe/Rome", 1, "it-IT", 2),
  c("Warsaw", "PL", 52.2297, 21.0122, "Europe/Warsaw", 1, "pl-PL", 2),
  c("Dubai", "AE", 25.2048, 55.2708, "Asia/Dubai", 4, "en-AE", 2),
  c("Mumbai", "IN", 19.076, 72.8777, "Asia/Kolkata", 5.5, "en-IN", 3),
  c("Singapore", "SG", 1.3521, 103.8198, "Asia/Singapore", 8, "en-SG", 2),
  c("Tokyo", "JP", 35.6762, 139.6503, "Asia/Tokyo", 9, "ja-JP", 4),
  c("Seoul", "KR", 37.5665, 126.978, "Asia/Seoul", 9, "ko-KR", 2),
  c("Sydney", "AU", -33.8688, 151.2093, "Australia/Sydney", 10, "en-AU", 3),
  c("Johannesburg", "ZA", -26.2041, 28.0473, "Africa/Johannesburg", 2, "en-ZA", 1),
];

/** Standard deviation of the position jitter around a city centre, in kilometres. */
export const JITTER_KM = 3;
export const KM_PER_DEGREE_LAT = 111.32;
