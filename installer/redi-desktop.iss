; Inno Setup 6 script of REDI Desktop: a per-user installation, no administrator rights needed.
; Saved as UTF-8 with a BOM: Inno Setup reads a file without one as ANSI and would garble the accents.
;
;   iscc /DAppVersion=0.1.0 installer\redi-desktop.iss     (installer\build.ps1 does it after PyInstaller)
;
; Installs dist\redi-desktop\ (the PyInstaller onedir build) into %LOCALAPPDATA%\Programs\REDI Desktop,
; adds a Start-menu entry (and a desktop icon if asked), runs the program's self test once installed, and
; speaks French, Dutch or English (the language of Windows, else the one chosen).
; The uninstaller removes the program only. The caseworker's data (the encrypted case database, its
; backups, drafts) live in the user data folder, %LOCALAPPDATA%\REDI\REDI Desktop (platformdirs), and are
; removed only if the user answers Yes to the uninstaller's question, whose default is No; a silent
; uninstallation never removes them.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "REDI Desktop"
#define AppExe "redi-desktop.exe"
#define UserDataDir "{localappdata}\REDI\REDI Desktop"

[Setup]
AppId={{6D0E638B-4947-510C-88A1-CBE716E1925F}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=REDI Desktop
VersionInfoVersion={#AppVersion}
; per user, without elevation: never ask for an administrator
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DefaultDirName={localappdata}\Programs\REDI Desktop
DisableProgramGroupPage=yes
DefaultGroupName={#AppName}
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=REDI-Desktop-{#AppVersion}-setup
SetupIconFile=redi-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
LanguageDetectionMethod=uilanguage
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
french.DeleteUserData=Supprimer aussi les dossiers et la base de données des dossiers sociaux de cet utilisateur ?%n%n%1%n%nIls sont chiffrés et ne peuvent être récupérés qu'avec une sauvegarde. Choisissez Non pour les garder (recommandé).
dutch.DeleteUserData=Ook de dossiers en de dossierdatabank van deze gebruiker verwijderen?%n%n%1%n%nZe zijn versleuteld en kunnen alleen met een back-up worden teruggehaald. Kies Nee om ze te bewaren (aanbevolen).
english.DeleteUserData=Also delete this user's cases and case database?%n%n%1%n%nThey are encrypted and can only be recovered from a backup. Choose No to keep them (recommended).
french.SelftestFailed=REDI Desktop est installé, mais son autotest a échoué. Le rapport est dans :%n%1\selftest.log%n%nEnvoyez-le au support informatique.
dutch.SelftestFailed=REDI Desktop is geïnstalleerd, maar de zelftest is mislukt. Het verslag staat in:%n%1\selftest.log%n%nStuur het naar de informaticaondersteuning.
english.SelftestFailed=REDI Desktop is installed, but its self test failed. The report is in:%n%1\selftest.log%n%nSend it to IT support.
french.RunningSelftest=Vérification de l'installation…
dutch.RunningSelftest=De installatie wordt gecontroleerd…
english.RunningSelftest=Checking the installation…

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\dist\redi-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an update replaces the whole program folder: no module of an older version may linger beside the new ones
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
procedure CurStepChanged(CurStep: TSetupStep);
var
  ResultCode: Integer;
begin
  if CurStep = ssPostInstall then
  begin
    { the frozen program checks itself: reference database, store, sheets, catalogs, Qt; it writes its
      report to selftest.log in the user data folder (a windowed program has no console) }
    WizardForm.StatusLabel.Caption := CustomMessage('RunningSelftest');
    if not Exec(ExpandConstant('{app}\{#AppExe}'), 'selftest', ExpandConstant('{app}'), SW_HIDE,
                ewWaitUntilTerminated, ResultCode) or (ResultCode <> 0) then
      SuppressibleMsgBox(FmtMessage(CustomMessage('SelftestFailed'), [ExpandConstant('{#UserDataDir}')]),
                         mbError, MB_OK, IDOK);
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{#UserDataDir}');
    { keep the user's data unless asked: the default button is No, and a silent uninstall keeps them }
    if DirExists(DataDir) and not UninstallSilent then
      if MsgBox(FmtMessage(CustomMessage('DeleteUserData'), [DataDir]), mbConfirmation,
                MB_YESNO or MB_DEFBUTTON2) = IDYES then
        DelTree(DataDir, True, True, True);
  end;
end;
